// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {CostLedger} from "../../contracts/CostLedger.sol";
import {ResourceExchange} from "../../contracts/ResourceExchange.sol";
import {ICostLedger} from "../../contracts/interfaces/ICostLedger.sol";
import {IResourceExchange} from "../../contracts/interfaces/IResourceExchange.sol";
import {AllianceRoles} from "../../contracts/libraries/AllianceRoles.sol";
import {AllianceSetup} from "./utils/AllianceSetup.sol";
import {ExpectedNets} from "./utils/ExpectedNets.sol";
import {Assert, vm} from "./utils/Vm.sol";

uint32 constant N = 4;
uint32 constant PERIOD = 1;
uint32 constant SEPT_1 = 20_697;

function operatorOf(uint32 memberId) pure returns (address) {
    return address(uint160(0xA11CE000 + memberId));
}

function terms(uint64 price, uint32 capacity) pure returns (IResourceExchange.ResourceTerms memory) {
    return IResourceExchange.ResourceTerms(IResourceExchange.ResourceUnit.Hour, price, capacity, keccak256("terms"));
}

/// @dev Property: with resource fees (confirmed and resolved uses) and cost entries in a period, the
/// largest-remainder nets close it and sum to zero, any other nets are refused, and the fee totals are
/// exactly the confirmed and resolved uses' fees.
contract ResourceFeesNetsTest is AllianceSetup {
    uint256 private _entrySeq;
    mapping(uint32 memberId => uint256) private _payable;
    mapping(uint32 memberId => uint256) private _receivable;

    function setUp() public {
        _deployAlliance(N, address(this));
    }

    function testFuzz_resourceFeesCloseThePeriodAndNetsSumToZero(
        uint16[4] memory weights,
        uint40[4] memory contributions,
        uint32[4] memory prices,
        uint8[4] memory quantities,
        uint8[4] memory hosts,
        uint8[4] memory outcomes
    ) public {
        int256[] memory nets = _busyPeriod(weights, contributions, prices, quantities, hosts, outcomes);
        costLedger.closePeriod(PERIOD, keccak256("report"), nets);
        int256 sum = 0;
        for (uint32 m = 1; m <= N; ++m) sum += costLedger.netPosition(PERIOD, m);
        Assert.isTrue(sum == 0, "nets sum to zero");
    }

    function testFuzz_anyOtherNetsAreRefused(
        uint16[4] memory weights,
        uint40[4] memory contributions,
        uint32[4] memory prices,
        uint8[4] memory quantities,
        uint8[4] memory hosts,
        uint8[4] memory outcomes,
        uint8 who,
        int32 delta
    ) public {
        vm.assume(delta != 0);
        int256[] memory nets = _busyPeriod(weights, contributions, prices, quantities, hosts, outcomes);
        uint256 first = uint256(who) % N;
        nets[first] += delta;
        nets[(first + 1) % N] -= delta;
        vm.expectRevert();
        costLedger.closePeriod(PERIOD, keccak256("report"), nets);
    }

    /// @dev Opens the period, confirms a contribution per member and runs one use per slot to a
    /// confirmation or a resolution; checks the fee totals against its own books; returns expected nets.
    function _busyPeriod(
        uint16[4] memory weights,
        uint40[4] memory contributions,
        uint32[4] memory prices,
        uint8[4] memory quantities,
        uint8[4] memory hosts,
        uint8[4] memory outcomes
    ) private returns (int256[] memory nets) {
        uint32[] memory ids = new uint32[](N);
        for (uint32 i = 0; i < N; ++i) ids[i] = i + 1;
        _openPeriod(ids, _shares(weights));
        for (uint32 i = 0; i < N; ++i) {
            _contribution(i + 1, contributions[i]);
            _use(prices[i], quantities[i], hosts[i], outcomes[i]);
        }
        ICostLedger.MemberTotals[] memory t = new ICostLedger.MemberTotals[](N);
        for (uint32 i = 0; i < N; ++i) {
            t[i] = costLedger.memberTotals(PERIOD, i + 1);
            Assert.eq(t[i].feesPayable, _payable[i + 1], "feesPayable = confirmed and resolved uses");
            Assert.eq(t[i].feesReceivable, _receivable[i + 1], "feesReceivable = confirmed and resolved uses");
        }
        return ExpectedNets.compute(t);
    }

    function _use(uint32 price, uint8 quantitySeed, uint8 hostSeed, uint8 outcome) private {
        uint32 host = uint32(hostSeed % N) + 1;
        uint32 user = (host + uint32(hostSeed / N) % (N - 1)) % N + 1; // any member but the host
        uint32 quantity = uint32(quantitySeed) + 1;
        vm.prank(operatorOf(host));
        uint32 resourceId = resourceExchange.publishResource(IResourceExchange.ResourceKind.Equipment, 0, terms(price, 256));
        vm.prank(operatorOf(user));
        uint256 useId = resourceExchange.requestUse(resourceId, quantity, SEPT_1, SEPT_1 + 5, 0);
        vm.prank(operatorOf(host));
        resourceExchange.acceptUse(useId, 0);
        uint32 delivered = uint32(outcome & 0x7f) % (quantity + 1);
        vm.prank(operatorOf(host));
        resourceExchange.recordDelivery(useId, delivered, keccak256("delivery"));
        uint32 billed = delivered;
        if (outcome & 0x80 == 0) {
            vm.prank(operatorOf(user));
            resourceExchange.confirmUse(useId);
        } else {
            vm.prank(operatorOf(user));
            resourceExchange.disputeUse(useId, keccak256("short"));
            billed = delivered / 2;
            resourceExchange.resolveDispute(useId, billed, keccak256("resolution"));
        }
        _payable[user] += uint256(billed) * price;
        _receivable[host] += uint256(billed) * price;
        Assert.eq(resourceExchange.useFee(useId), uint256(billed) * price, "useFee");
    }

    function _contribution(uint32 memberId, uint64 amount) private {
        if (amount == 0) return;
        bytes32 memberRef = keccak256(abi.encode(++_entrySeq));
        vm.prank(operatorOf(memberId));
        costLedger.claimEntry(
            ICostLedger.EntryClaim(
                memberRef, PERIOD, ICostLedger.EntryKind.CashContribution, amount, 0, 0, 0, 0, keccak256("evidence")
            )
        );
        costLedger.confirmEntry(costLedger.entryIdOf(memberId, memberRef));
    }

    function _shares(uint16[4] memory weights) private pure returns (uint16[] memory shares) {
        uint256 total = 0;
        for (uint256 i = 0; i < N; ++i) total += uint256(weights[i]) + 1;
        shares = new uint16[](N);
        uint256 assigned = 0;
        for (uint256 i = 0; i + 1 < N; ++i) {
            shares[i] = uint16(((uint256(weights[i]) + 1) * 10_000) / total);
            assigned += shares[i];
        }
        shares[N - 1] = uint16(10_000 - assigned);
    }
}

/// @dev Drives uses of two resources through every transition at random, keeping its own books.
contract UseHandler {
    ResourceExchange internal immutable exchange;
    uint256[] public open; // uses not yet final
    mapping(uint32 memberId => uint256) public ghostPayable;
    mapping(uint32 memberId => uint256) public ghostReceivable;
    mapping(uint32 resourceId => uint256) public ghostCommitted;
    uint256 public ghostFees; // sum of confirmed and resolved uses' fees
    uint256[] public finals; // confirmed and resolved uses

    constructor(ResourceExchange exchange_) {
        exchange = exchange_;
    }

    function finalCount() external view returns (uint256) {
        return finals.length;
    }

    function request(uint8 resourceSeed, uint8 userSeed, uint8 quantitySeed) external {
        uint32 resourceId = uint32(resourceSeed % 2) + 1;
        uint32 host = exchange.resource(resourceId).hostMemberId;
        uint32 user = (host + uint32(userSeed) % (N - 1)) % N + 1;
        vm.prank(operatorOf(user));
        open.push(exchange.requestUse(resourceId, uint32(quantitySeed % 20) + 1, SEPT_1, SEPT_1, 0));
    }

    function accept(uint256 index) external {
        (uint256 useId, IResourceExchange.Use memory u) = _pick(index, IResourceExchange.UseStatus.Requested);
        if (useId == 0) return;
        IResourceExchange.Resource memory r = exchange.resource(u.resourceId);
        if (r.committed + u.quantity > r.capacity) return; // refused: checked in the exchange's own tests
        vm.prank(operatorOf(r.hostMemberId));
        exchange.acceptUse(useId, 0);
        ghostCommitted[u.resourceId] += u.quantity;
    }

    function decline(uint256 index) external {
        (uint256 useId, IResourceExchange.Use memory u) = _pick(index, IResourceExchange.UseStatus.Requested);
        if (useId == 0) return;
        vm.prank(operatorOf(exchange.resource(u.resourceId).hostMemberId));
        exchange.declineUse(useId, keccak256("no"));
        _close(index);
    }

    function deliver(uint256 index, uint8 shortBy) external {
        (uint256 useId, IResourceExchange.Use memory u) = _pick(index, IResourceExchange.UseStatus.Accepted);
        if (useId == 0) return;
        vm.prank(operatorOf(exchange.resource(u.resourceId).hostMemberId));
        exchange.recordDelivery(useId, u.quantity - uint32(shortBy) % (u.quantity + 1), keccak256("delivery"));
        ghostCommitted[u.resourceId] -= u.quantity;
    }

    function confirm(uint256 index) external {
        (uint256 useId, IResourceExchange.Use memory u) = _pick(index, IResourceExchange.UseStatus.Delivered);
        if (useId == 0) return;
        vm.prank(operatorOf(u.userId));
        exchange.confirmUse(useId);
        _book(useId, u, u.deliveredQuantity);
        _close(index);
    }

    function dispute(uint256 index, bool byHost) external {
        (uint256 useId, IResourceExchange.Use memory u) = _pick(index, IResourceExchange.UseStatus.Delivered);
        if (useId == 0) return;
        vm.prank(operatorOf(byHost ? exchange.resource(u.resourceId).hostMemberId : u.userId));
        exchange.disputeUse(useId, keccak256("dispute"));
    }

    function resolve(uint256 index, uint32 quantitySeed) external {
        (uint256 useId, IResourceExchange.Use memory u) = _pick(index, IResourceExchange.UseStatus.Disputed);
        if (useId == 0) return;
        uint32 resolved = quantitySeed % (u.deliveredQuantity + 1);
        exchange.resolveDispute(useId, resolved, keccak256("resolution"));
        _book(useId, u, resolved);
        _close(index);
    }

    function _book(uint256 useId, IResourceExchange.Use memory u, uint32 billed) private {
        uint256 fee = uint256(billed) * exchange.resourceVersion(u.resourceId, u.version).pricePerUnit;
        ghostPayable[u.userId] += fee;
        ghostReceivable[exchange.resource(u.resourceId).hostMemberId] += fee;
        ghostFees += fee;
        finals.push(useId);
    }

    function _pick(uint256 index, IResourceExchange.UseStatus status)
        private
        view
        returns (uint256 useId, IResourceExchange.Use memory u)
    {
        if (open.length == 0) return (0, u);
        useId = open[index % open.length];
        u = exchange.use(useId);
        if (u.status != status) return (0, u);
    }

    function _close(uint256 index) private {
        uint256 i = index % open.length;
        open[i] = open[open.length - 1];
        open.pop();
    }
}

/// @dev Invariants: the period's fee totals are exactly the fees of the confirmed and resolved uses (per
/// member, and in sum equal to the uses' own fees), fees payable and receivable balance, and each
/// resource's committed quantity is the sum of its accepted, undelivered uses.
contract ResourceFeesTotalsTest is AllianceSetup {
    UseHandler private _handler;

    function setUp() public {
        _deployAlliance(N, address(0));
        _handler = new UseHandler(resourceExchange);
        registry.grantRole(AllianceRoles.SECRETARIAT, address(_handler));
        uint32[] memory ids = new uint32[](N);
        uint16[] memory shares = new uint16[](N);
        for (uint32 i = 0; i < N; ++i) (ids[i], shares[i]) = (i + 1, 2500);
        _openPeriod(ids, shares);
        vm.prank(operatorOf(1));
        resourceExchange.publishResource(IResourceExchange.ResourceKind.LabOrTrainingRoom, 0, terms(20_000, 30));
        vm.prank(operatorOf(3));
        resourceExchange.publishResource(IResourceExchange.ResourceKind.PracticeBase, 0, terms(150_000, 8));
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(_handler);
    }

    function invariant_totalsEqualConfirmedAndResolvedUses() public view {
        uint256 payableSum = 0;
        uint256 receivableSum = 0;
        for (uint32 m = 1; m <= N; ++m) {
            ICostLedger.MemberTotals memory t = costLedger.memberTotals(PERIOD, m);
            Assert.eq(t.feesPayable, _handler.ghostPayable(m), "feesPayable");
            Assert.eq(t.feesReceivable, _handler.ghostReceivable(m), "feesReceivable");
            payableSum += t.feesPayable;
            receivableSum += t.feesReceivable;
        }
        Assert.eq(payableSum, receivableSum, "payable = receivable");
        uint256 useFees = 0;
        for (uint256 i = 0; i < _handler.finalCount(); ++i) useFees += resourceExchange.useFee(_handler.finals(i));
        Assert.eq(useFees, payableSum, "the uses' fees = the period's fee totals");
        Assert.eq(useFees, _handler.ghostFees(), "ghost fees");
    }

    function invariant_committedIsAcceptedUndelivered() public view {
        for (uint32 r = 1; r <= 2; ++r) {
            IResourceExchange.Resource memory res = resourceExchange.resource(r);
            Assert.eq(res.committed, _handler.ghostCommitted(r), "committed");
            Assert.isTrue(res.committed <= res.capacity, "committed within capacity");
        }
    }
}
