// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Hashes} from "@openzeppelin/contracts/utils/cryptography/Hashes.sol";
import {CreditLedger} from "../../contracts/CreditLedger.sol";
import {ICostLedger} from "../../contracts/interfaces/ICostLedger.sol";
import {ICourseCatalog} from "../../contracts/interfaces/ICourseCatalog.sol";
import {ICreditLedger} from "../../contracts/interfaces/ICreditLedger.sol";
import {AllianceSetup} from "./utils/AllianceSetup.sol";
import {Assert, vm} from "./utils/Vm.sol";

/// @dev Eight attestations for students of member 3: four from member 1 on a general course, four from
/// member 2 on a certified course, each group anchored as a four-leaf batch (index = position). The
/// handler revokes and decides them at random with arbitrary decisions and credit counts. The ledger
/// keeps only a record's flags, so the handler keeps the decisions that went through (ghosts).
contract RecognitionHandler {
    uint32 internal constant HOME = 3;
    uint64 public constant GENERAL_FEE_PER_CREDIT = 5_000;
    uint64 public constant CERTIFIED_FEE_PER_CREDIT = 8_000;

    CreditLedger internal immutable ledger;
    ICreditLedger.Attestation[8] internal _attestations;
    bytes32[8] internal _leaves;
    bytes32[2] internal _roots;
    bytes32[4] internal _pairs; // hashes of leaf pairs (0,1), (2,3), (4,5), (6,7)

    mapping(uint256 index => bool) public ghostRevoked;
    mapping(uint256 index => ICreditLedger.Decision) public ghostDecision;
    mapping(uint256 index => uint32) public ghostRecognisedCredits;
    uint256 public recognisedWhileRevoked;
    uint256 public decisions;

    constructor(CreditLedger ledger_, uint32 generalCourse, uint32 certifiedCourse) {
        ledger = ledger_;
        for (uint256 i = 0; i < 8; ++i) {
            bool certified = i >= 4;
            _attestations[i] = ICreditLedger.Attestation({
                issuerId: certified ? 2 : 1,
                homeId: HOME,
                courseId: certified ? certifiedCourse : generalCourse,
                courseVersion: 1,
                term: 20261,
                index: uint32(i % 4),
                learnerCommitment: keccak256(abi.encode("learner", i)),
                credits: uint32(100 + 50 * i),
                gradeCommitment: keccak256(abi.encode("grade", i)),
                completionCommitment: keccak256(abi.encode("date", i))
            });
            _leaves[i] = ledger.attestationLeaf(_attestations[i]);
        }
        for (uint256 p = 0; p < 4; ++p) _pairs[p] = Hashes.commutativeKeccak256(_leaves[2 * p], _leaves[2 * p + 1]);
        _roots[0] = Hashes.commutativeKeccak256(_pairs[0], _pairs[1]);
        _roots[1] = Hashes.commutativeKeccak256(_pairs[2], _pairs[3]);
        vm.prank(_operator(1));
        ledger.anchorBatch(_roots[0], 4);
        vm.prank(_operator(2));
        ledger.anchorBatch(_roots[1], 4);
    }

    function revoke(uint256 seed, uint16 reason) external {
        uint256 i = seed % 8;
        vm.prank(_operator(_attestations[i].issuerId));
        ledger.revoke(record(i), reason);
        ghostRevoked[i] = true;
    }

    function recognize(uint256 seed, uint8 decisionSeed, uint32 creditsSeed, bool withRefs, uint16 reason) external {
        uint256 i = seed % 8;
        ICreditLedger.RecognitionRequest[] memory requests = new ICreditLedger.RecognitionRequest[](1);
        requests[0] = ICreditLedger.RecognitionRequest({
            batchRoot: _roots[i / 4],
            attestation: _attestations[i],
            proof: _proof(i),
            decision: ICreditLedger.Decision(decisionSeed % 4),
            recognisedCredits: creditsSeed % (_attestations[i].credits + 100),
            localCourseRef: withRefs ? keccak256("local course") : bytes32(0),
            conversionRuleRef: withRefs ? keccak256("rule") : bytes32(0),
            rejectReason: reason
        });
        vm.prank(_operator(HOME));
        ledger.recognize(requests);
        ++decisions;
        ghostDecision[i] = requests[0].decision;
        ghostRecognisedCredits[i] = requests[0].recognisedCredits;
        if (ghostRevoked[i]) ++recognisedWhileRevoked;
    }

    /// @dev Decides a sibling pair of one batch (records 2p and 2p+1) through recognizeBatches, proven by
    /// one multiproof: both leaves merge into their pair hash, which meets the other pair's hash.
    function recognizePair(uint256 seed, uint8 decisionSeed, uint32 creditsSeed, bool full, bool withRefs, uint16 reason)
        external
    {
        uint256 first = (seed % 4) * 2;
        ICreditLedger.BatchRecognition[] memory groups = new ICreditLedger.BatchRecognition[](1);
        ICreditLedger.BatchRecognition memory g = groups[0];
        g.root = _roots[first / 4];
        g.attestations = new ICreditLedger.Attestation[](2);
        g.decisions = new ICreditLedger.RecognitionDecision[](2);
        for (uint256 k = 0; k < 2; ++k) {
            ICreditLedger.Attestation memory a = _attestations[first + k];
            g.attestations[k] = a;
            g.decisions[k] = ICreditLedger.RecognitionDecision({
                decision: ICreditLedger.Decision((decisionSeed >> (2 * k)) % 4),
                recognisedCredits: full ? a.credits : uint32(uint256(keccak256(abi.encode(creditsSeed, k))) % (a.credits + 100)),
                localCourseRef: withRefs ? keccak256("local course") : bytes32(0),
                conversionRuleRef: withRefs ? keccak256("rule") : bytes32(0),
                rejectReason: reason
            });
        }
        g.proof = new bytes32[](1);
        g.proof[0] = _pairs[(first / 2) ^ 1];
        g.proofFlags = new bool[](2);
        g.proofFlags[0] = true;
        vm.prank(_operator(HOME));
        ledger.recognizeBatches(groups);
        for (uint256 k = 0; k < 2; ++k) {
            uint256 i = first + k;
            ++decisions;
            ghostDecision[i] = g.decisions[k].decision;
            ghostRecognisedCredits[i] = g.decisions[k].recognisedCredits;
            if (ghostRevoked[i]) ++recognisedWhileRevoked;
        }
    }

    /// @dev Record i as revoke takes it.
    function record(uint256 i) public view returns (ICreditLedger.Record memory) {
        return ICreditLedger.Record(_roots[i / 4], _attestations[i], _proof(i));
    }

    function issuer(uint256 i) external view returns (uint32) {
        return _attestations[i].issuerId;
    }

    function root(uint256 i) external view returns (bytes32) {
        return _roots[i / 4];
    }

    function index(uint256 i) external view returns (uint32) {
        return _attestations[i].index;
    }

    /// @dev The course fee of record i: attested credits (hundredths) x fee per credit / 100.
    function fee(uint256 i) public view returns (uint256) {
        uint64 perCredit = i >= 4 ? CERTIFIED_FEE_PER_CREDIT : GENERAL_FEE_PER_CREDIT;
        return (uint256(_attestations[i].credits) * perCredit) / 100;
    }

    function leaf(uint256 i) external view returns (bytes32) {
        return _leaves[i];
    }

    function attested(uint256 i) external view returns (uint32) {
        return _attestations[i].credits;
    }

    function _proof(uint256 i) private view returns (bytes32[] memory proof) {
        proof = new bytes32[](2);
        proof[0] = _leaves[i ^ 1];
        proof[1] = _pairs[(i / 2) ^ 1];
    }

    function _operator(uint32 memberId) private pure returns (address) {
        return address(uint160(0xA11CE000 + memberId));
    }
}

/// @dev Invariants: a revoked record is never recognised; recognised credits never exceed the attested
/// credits, and equal them (with no rejection) for a certified course.
contract RecognitionTest is AllianceSetup {
    RecognitionHandler private _handler;

    function setUp() public {
        _deployAlliance(3, address(0));
        uint32 general = _publishCourse(1, "GEN-1", 500, 5_000);
        uint32 certified = _publishCourse(2, "CERT-1", 500, 8_000);
        catalog.setCourseTier(certified, 1, ICourseCatalog.CourseTier.Certified, keccak256("report"));
        uint32[] memory ids = new uint32[](3);
        uint16[] memory shares = new uint16[](3);
        (ids[0], ids[1], ids[2]) = (1, 2, 3);
        (shares[0], shares[1], shares[2]) = (3400, 3300, 3300);
        _openPeriod(ids, shares);
        _handler = new RecognitionHandler(creditLedger, general, certified);
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(_handler);
    }

    function invariant_revokedRecordIsNeverRecognised() public view {
        Assert.eq(_handler.recognisedWhileRevoked(), 0, "recognitions of revoked records");
    }

    /// @dev The ledger's decided flag agrees with the decisions that went through, and those decisions kept
    /// within the attested credits (in full, never rejected, for the certified course).
    function invariant_recognisedCreditsWithinAttested() public view {
        for (uint256 i = 0; i < 8; ++i) {
            ICreditLedger.RecordStatus memory s =
                creditLedger.recordStatus(_handler.issuer(i), _handler.root(i), _handler.index(i));
            ICreditLedger.Decision d = _handler.ghostDecision(i);
            Assert.isTrue(s.decided == (d != ICreditLedger.Decision.None), "decided flag matches the decisions made");
            if (d == ICreditLedger.Decision.None) continue;
            Assert.isTrue(_handler.ghostRecognisedCredits(i) <= _handler.attested(i), "recognised <= attested");
            Assert.isTrue(s.feeAccrued == (d != ICreditLedger.Decision.Rejected), "fee accrued for acceptances only");
            if (i >= 4) {
                Assert.isTrue(d != ICreditLedger.Decision.Rejected, "certified never rejected");
                Assert.eq(_handler.ghostRecognisedCredits(i), _handler.attested(i), "certified recognised in full");
            }
        }
    }

    /// @dev The home school owes exactly the fees of its accepted records that were not revoked since:
    /// revoking a recognised record reverses its fee.
    function invariant_feesFollowLiveRecognitions() public view {
        uint256 owed = 0;
        uint256 owedToHost1 = 0;
        for (uint256 i = 0; i < 8; ++i) {
            ICreditLedger.Decision d = _handler.ghostDecision(i);
            if (d == ICreditLedger.Decision.None || d == ICreditLedger.Decision.Rejected || _handler.ghostRevoked(i)) continue;
            owed += _handler.fee(i);
            if (i < 4) owedToHost1 += _handler.fee(i);
        }
        ICostLedger.MemberTotals memory home = costLedger.memberTotals(1, 3);
        ICostLedger.MemberTotals memory host1 = costLedger.memberTotals(1, 1);
        Assert.eq(uint256(home.feesPayable) - home.feesReceivable, owed, "home's net fees");
        Assert.eq(uint256(host1.feesReceivable) - host1.feesPayable, owedToHost1, "host 1's net fees");
    }

    /// @dev A sibling pair decided through recognizeBatches: both flags set, one fee per accepted record.
    function testFuzz_pairDecidedByOneMultiproof(uint256 seed, bool full) public {
        uint256 first = (seed % 4) * 2;
        // Acceptance of the attested credits (the certified records admit nothing else).
        _handler.recognizePair(seed, 0x05, 0, true, false, 0);
        for (uint256 i = first; i < first + 2; ++i) {
            ICreditLedger.RecordStatus memory s =
                creditLedger.recordStatus(_handler.issuer(i), _handler.root(i), _handler.index(i));
            Assert.isTrue(s.decided && s.feeAccrued && !s.revoked, "decided with its fee");
        }
        ICostLedger.MemberTotals memory home = costLedger.memberTotals(1, 3);
        Assert.eq(home.feesPayable, _handler.fee(first) + _handler.fee(first + 1), "both fees accrued");
        // Neither record can be decided again, whichever way it is asked.
        vm.expectRevert();
        _handler.recognizePair(seed, 0x05, 0, full, false, 0);
        uint32 attested = _handler.attested(first + 1); // read first: expectRevert watches the next call
        vm.expectRevert();
        _handler.recognize(first + 1, 1, attested, false, 0);
    }

    /// @dev Direct property: whatever decision is asked for a revoked record, it reverts.
    function testFuzz_revokedRecordCannotBeRecognised(uint256 seed, uint8 decisionSeed, uint32 credits, bool refs, uint16 reason)
        public
    {
        _handler.revoke(seed, 1);
        vm.expectRevert();
        _handler.recognize(seed, decisionSeed, credits, refs, reason);
        // Nor inside a multiproof group, beside its sibling.
        vm.expectRevert();
        _handler.recognizePair((seed % 8) / 2, decisionSeed, credits, true, refs, reason);
    }
}
