// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {AllianceRegistry} from "../../../contracts/AllianceRegistry.sol";
import {CourseCatalog} from "../../../contracts/CourseCatalog.sol";
import {CostLedger} from "../../../contracts/CostLedger.sol";
import {CreditLedger} from "../../../contracts/CreditLedger.sol";
import {ResourceExchange} from "../../../contracts/ResourceExchange.sol";
import {IAllianceRegistry} from "../../../contracts/interfaces/IAllianceRegistry.sol";
import {ICourseCatalog} from "../../../contracts/interfaces/ICourseCatalog.sol";
import {AllianceRoles} from "../../../contracts/libraries/AllianceRoles.sol";
import {vm} from "./Vm.sol";

/// @dev Deploys an alliance of `n` active members (operator of member i is `operatorOf(i)`), with this
/// contract as admin, council (quorum 1), secretariat and evaluation committee, and the cost ledger wired
/// into the registry (for low-contribution suspension proposals). `feeAccruer` stands in for the credit
/// ledger in the cost ledger when a test wants to accrue fees directly (zero: the real one); the resource
/// exchange is always the real one.
abstract contract AllianceSetup {
    AllianceRegistry internal registry;
    CourseCatalog internal catalog;
    CostLedger internal costLedger;
    CreditLedger internal creditLedger;
    ResourceExchange internal resourceExchange;

    function operatorOf(uint32 memberId) internal pure returns (address) {
        return address(uint160(0xA11CE000 + memberId));
    }

    function _deployAlliance(uint32 n, address feeAccruer) internal {
        IAllianceRegistry.Charter memory charter = IAllianceRegistry.Charter(keccak256("charter"), 1, 1, 30 days);
        registry = new AllianceRegistry(address(this), charter, address(0));
        registry.grantRole(AllianceRoles.COUNCIL, address(this));
        registry.grantRole(AllianceRoles.SECRETARIAT, address(this));
        registry.grantRole(AllianceRoles.EVALUATION_COMMITTEE, address(this));
        IAllianceRegistry.Charter memory none;
        for (uint32 i = 1; i <= n; ++i) {
            registry.registerApplicant("member", IAllianceRegistry.MemberKind.University, "region", operatorOf(i));
            registry.propose(IAllianceRegistry.ProposalAction.Admit, i, none);
        }
        catalog = new CourseCatalog(registry, address(0));
        costLedger = new CostLedger(registry, address(0));
        registry.setCostLedger(address(costLedger));
        creditLedger = new CreditLedger(registry, catalog, costLedger, address(0));
        costLedger.setCreditLedger(feeAccruer == address(0) ? address(creditLedger) : feeAccruer);
        resourceExchange = new ResourceExchange(registry, costLedger, address(0));
        costLedger.setResourceExchange(address(resourceExchange));
    }

    /// @dev Opens the next period with `shares`: this contract is the council (quorum 1), so its proposal of
    /// the shares for that period executes at once, then it opens the period as the secretariat.
    function _openPeriod(uint32[] memory ids, uint16[] memory shares) internal returns (uint32 periodId) {
        periodId = costLedger.periodCount() + 1;
        registry.proposeShares(periodId, ids, shares);
        return costLedger.openPeriod(bytes3("CNY"), ids, shares);
    }

    function _publishCourse(uint32 host, bytes32 code, uint32 credits, uint64 feePerCredit) internal returns (uint32) {
        ICourseCatalog.CourseVersion memory terms = ICourseCatalog.CourseVersion(keccak256("syllabus"), credits, 32, feePerCredit, 20261, 50);
        vm.prank(operatorOf(host));
        return catalog.publishCourse(code, terms);
    }
}
