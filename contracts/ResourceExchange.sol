// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";
import {IResourceExchange} from "./interfaces/IResourceExchange.sol";
import {IAllianceRegistry} from "./interfaces/IAllianceRegistry.sol";
import {ICostLedger} from "./interfaces/ICostLedger.sol";
import {AllianceRoles} from "./libraries/AllianceRoles.sol";

/**
 * @title ResourceExchange
 * @notice Shared resources (seconded teachers, labs, equipment, practice bases, collections) and their
 * use between members; each confirmed or resolved use accrues its fee into the cost ledger's open period
 * like a course fee. See {IResourceExchange}.
 * @dev Callers are resolved with ERC-2771, as in the other alliance contracts. A use is one storage slot.
 */
contract ResourceExchange is IResourceExchange, ERC2771Context {
    IAllianceRegistry public immutable registry;
    ICostLedger public immutable costLedger;

    /// @dev The resource's first slot holds everything a use reads: host, status, capacity and commitment.
    mapping(uint32 resourceId => Resource resource) private _resources;

    /// @dev A version's price sits in one slot with its unit and capacity; the terms hash in the next.
    struct StoredTerms {
        ResourceUnit unit;
        uint64 pricePerUnit;
        uint32 capacity;
        bytes32 termsHash;
    }

    mapping(uint32 resourceId => mapping(uint16 version => StoredTerms terms)) private _versions;
    mapping(uint256 useId => Use use) private _uses;
    uint32 private _resourceCount;
    uint256 private _useCount;

    constructor(IAllianceRegistry registry_, ICostLedger costLedger_, address trustedForwarder)
        ERC2771Context(trustedForwarder)
    {
        registry = registry_;
        costLedger = costLedger_;
    }

    // ================================================================== resources

    /// @inheritdoc IResourceExchange
    function publishResource(ResourceKind kind, bytes32 kindCode, ResourceTerms calldata terms)
        external
        returns (uint32 resourceId)
    {
        uint32 host = registry.requireActiveOperator(_msgSender());
        bool named = kind != ResourceKind.Other;
        if (named == (kindCode != bytes32(0))) revert ResourceExchangeInvalidKind(kind, kindCode);
        _requireValidTerms(terms);
        resourceId = ++_resourceCount;
        _resources[resourceId] = Resource({
            hostMemberId: host,
            kind: kind,
            status: ResourceStatus.Active,
            latestVersion: 1,
            capacity: terms.capacity,
            committed: 0,
            kindCode: kindCode
        });
        _storeVersion(resourceId, 1, terms);
        emit ResourcePublished(resourceId, host, kind, kindCode);
        emit ResourceVersionPublished(resourceId, 1, terms);
    }

    /// @inheritdoc IResourceExchange
    function publishResourceVersion(uint32 resourceId, ResourceTerms calldata terms)
        external
        returns (uint16 version)
    {
        Resource storage r = _requireHostOfActiveResource(resourceId);
        _requireValidTerms(terms);
        version = ++r.latestVersion;
        r.capacity = terms.capacity;
        _storeVersion(resourceId, version, terms);
        emit ResourceVersionPublished(resourceId, version, terms);
    }

    /// @inheritdoc IResourceExchange
    function retireResource(uint32 resourceId) external {
        Resource storage r = _requireHostOfActiveResource(resourceId);
        r.status = ResourceStatus.Retired;
        emit ResourceRetired(resourceId, r.hostMemberId);
    }

    // ================================================================== uses

    /// @inheritdoc IResourceExchange
    function requestUse(
        uint32 resourceId,
        uint32 quantity,
        uint32 startDay,
        uint32 endDay,
        bytes32 personCommitment
    ) external returns (uint256 useId) {
        uint32 user = registry.requireActiveOperator(_msgSender());
        Resource storage r = _requireResource(resourceId);
        if (r.status != ResourceStatus.Active) revert ResourceExchangeResourceRetired(resourceId);
        uint32 host = r.hostMemberId;
        if (host == user) revert ResourceExchangeOwnResource(resourceId, user);
        uint16 version = r.latestVersion;
        uint32 capacity = _versions[resourceId][version].capacity;
        if (quantity == 0 || quantity > capacity) revert ResourceExchangeInvalidQuantity(quantity, capacity);
        if (startDay == 0 || startDay > endDay) revert ResourceExchangeInvalidDates(startDay, endDay);

        useId = ++_useCount;
        _uses[useId] = Use({
            resourceId: resourceId,
            version: version,
            status: UseStatus.Requested,
            userId: user,
            quantity: quantity,
            deliveredQuantity: 0,
            billedQuantity: 0,
            startDay: startDay,
            endDay: endDay
        });
        emit UseRequested(useId, resourceId, user, version, host, quantity, startDay, endDay, personCommitment);
    }

    /// @inheritdoc IResourceExchange
    function cancelUse(uint256 useId) external {
        Use storage u = _requireUser(useId);
        _requireStatus(useId, u, UseStatus.Requested);
        u.status = UseStatus.Cancelled;
        emit UseCancelled(useId, _msgSender());
    }

    /// @inheritdoc IResourceExchange
    function acceptUse(uint256 useId, bytes32 personCommitment) external {
        (Use storage u, Resource storage r) = _requireHost(useId);
        _requireStatus(useId, u, UseStatus.Requested);
        uint32 committed = r.committed;
        uint32 capacity = r.capacity;
        // A smaller new version may leave more committed than its capacity: nothing is free then.
        uint32 available = committed >= capacity ? 0 : capacity - committed;
        if (u.quantity > available) revert ResourceExchangeCapacityExceeded(u.resourceId, u.quantity, available);
        r.committed = committed + u.quantity;
        u.status = UseStatus.Accepted;
        emit UseAccepted(useId, personCommitment, _msgSender());
    }

    /// @inheritdoc IResourceExchange
    function declineUse(uint256 useId, bytes32 reasonHash) external {
        (Use storage u,) = _requireHost(useId);
        _requireStatus(useId, u, UseStatus.Requested);
        if (reasonHash == bytes32(0)) revert ResourceExchangeMissingReason();
        u.status = UseStatus.Declined;
        emit UseDeclined(useId, reasonHash, _msgSender());
    }

    /// @inheritdoc IResourceExchange
    function recordDelivery(uint256 useId, uint32 deliveredQuantity, bytes32 deliveryHash) external {
        (Use storage u, Resource storage r) = _requireHost(useId);
        _requireStatus(useId, u, UseStatus.Accepted);
        uint32 quantity = u.quantity;
        if (deliveredQuantity > quantity) revert ResourceExchangeInvalidQuantity(deliveredQuantity, quantity);
        if (deliveryHash == bytes32(0)) revert ResourceExchangeMissingReason();
        // Cannot underflow: the accepted quantity was added to `committed` and is released once.
        r.committed -= quantity;
        u.deliveredQuantity = deliveredQuantity;
        u.status = UseStatus.Delivered;
        emit UseDelivered(useId, deliveredQuantity, deliveryHash, _msgSender());
    }

    /// @inheritdoc IResourceExchange
    function confirmUse(uint256 useId) external {
        Use storage u = _requireUser(useId);
        _requireStatus(useId, u, UseStatus.Delivered);
        uint32 billed = u.deliveredQuantity;
        u.billedQuantity = billed;
        u.status = UseStatus.Confirmed;
        (uint32 host, uint64 fee, uint32 periodId) = _accrue(u, billed);
        emit UseConfirmed(useId, u.userId, host, billed, fee, periodId, _msgSender());
    }

    /// @inheritdoc IResourceExchange
    function disputeUse(uint256 useId, bytes32 reasonHash) external {
        uint32 caller = registry.requireActiveOperator(_msgSender());
        Use storage u = _requireUse(useId);
        if (caller != u.userId && caller != _resources[u.resourceId].hostMemberId) {
            revert ResourceExchangeNotParty(useId, caller);
        }
        _requireStatus(useId, u, UseStatus.Delivered);
        if (reasonHash == bytes32(0)) revert ResourceExchangeMissingReason();
        u.status = UseStatus.Disputed;
        emit UseDisputed(useId, caller, reasonHash, _msgSender());
    }

    /// @inheritdoc IResourceExchange
    function resolveDispute(uint256 useId, uint32 resolvedQuantity, bytes32 reasonHash) external {
        registry.requireRole(AllianceRoles.SECRETARIAT, _msgSender());
        Use storage u = _requireUse(useId);
        uint32 host = _resources[u.resourceId].hostMemberId;
        uint32 resolverMember = registry.operatorKey(_msgSender()).memberId;
        if (resolverMember != 0 && (resolverMember == u.userId || resolverMember == host)) {
            revert ResourceExchangeResolverIsParty(useId, _msgSender());
        }
        _requireStatus(useId, u, UseStatus.Disputed);
        uint32 delivered = u.deliveredQuantity;
        if (resolvedQuantity > delivered) revert ResourceExchangeInvalidQuantity(resolvedQuantity, delivered);
        if (reasonHash == bytes32(0)) revert ResourceExchangeMissingReason();
        u.billedQuantity = resolvedQuantity;
        u.status = UseStatus.Resolved;
        (, uint64 fee, uint32 periodId) = _accrue(u, resolvedQuantity);
        emit DisputeResolved(useId, u.userId, host, resolvedQuantity, fee, periodId, reasonHash, _msgSender());
    }

    /**
     * @dev Accrues the fee on `quantity` in the open period, payable by the user, receivable by the host.
     * A zero fee accrues nothing (period 0); otherwise the cost ledger refuses when no period is open or
     * either member is not listed in it, and the whole call reverts: the use waits, nothing is lost.
     */
    function _accrue(Use storage u, uint32 quantity) private returns (uint32 host, uint64 fee, uint32 periodId) {
        uint32 resourceId = u.resourceId;
        host = _resources[resourceId].hostMemberId;
        fee = _fee(quantity, _versions[resourceId][u.version].pricePerUnit);
        if (fee != 0) periodId = costLedger.accrueCourseFee(u.userId, host, fee);
    }

    // ================================================================== views

    /// @inheritdoc IResourceExchange
    function resource(uint32 resourceId) external view returns (Resource memory) {
        return _requireResource(resourceId);
    }

    /// @inheritdoc IResourceExchange
    function resourceVersion(uint32 resourceId, uint16 version) external view returns (ResourceTerms memory) {
        Resource storage r = _requireResource(resourceId);
        if (version == 0 || version > r.latestVersion) revert ResourceExchangeUnknownVersion(resourceId, version);
        StoredTerms storage t = _versions[resourceId][version];
        return ResourceTerms(t.unit, t.pricePerUnit, t.capacity, t.termsHash);
    }

    /// @inheritdoc IResourceExchange
    function resourceCount() external view returns (uint32) {
        return _resourceCount;
    }

    /// @inheritdoc IResourceExchange
    function use(uint256 useId) external view returns (Use memory) {
        return _requireUse(useId);
    }

    /// @inheritdoc IResourceExchange
    function useCount() external view returns (uint256) {
        return _useCount;
    }

    /// @inheritdoc IResourceExchange
    function useFee(uint256 useId) external view returns (uint64) {
        Use storage u = _requireUse(useId);
        return _fee(u.billedQuantity, _versions[u.resourceId][u.version].pricePerUnit);
    }

    // ================================================================== internals

    function _storeVersion(uint32 resourceId, uint16 version, ResourceTerms calldata t) private {
        _versions[resourceId][version] = StoredTerms(t.unit, t.pricePerUnit, t.capacity, t.termsHash);
    }

    function _requireValidTerms(ResourceTerms calldata t) private pure {
        if (t.capacity == 0 || t.termsHash == bytes32(0)) revert ResourceExchangeInvalidTerms(t.capacity, t.termsHash);
    }

    function _requireResource(uint32 resourceId) private view returns (Resource storage r) {
        r = _resources[resourceId];
        if (r.status == ResourceStatus.None) revert ResourceExchangeUnknownResource(resourceId);
    }

    function _requireHostOfActiveResource(uint32 resourceId) private view returns (Resource storage r) {
        uint32 caller = registry.requireActiveOperator(_msgSender());
        r = _requireResource(resourceId);
        if (r.hostMemberId != caller) revert ResourceExchangeNotHost(resourceId, caller, r.hostMemberId);
        if (r.status == ResourceStatus.Retired) revert ResourceExchangeResourceRetired(resourceId);
    }

    function _requireUse(uint256 useId) private view returns (Use storage u) {
        u = _uses[useId];
        if (u.status == UseStatus.None) revert ResourceExchangeUnknownUse(useId);
    }

    /// @dev The caller is a key of the Active user of an existing use.
    function _requireUser(uint256 useId) private view returns (Use storage u) {
        uint32 caller = registry.requireActiveOperator(_msgSender());
        u = _requireUse(useId);
        if (u.userId != caller) revert ResourceExchangeNotUser(useId, caller, u.userId);
    }

    /// @dev The caller is a key of the Active host of an existing use's resource (retired or not).
    function _requireHost(uint256 useId) private view returns (Use storage u, Resource storage r) {
        uint32 caller = registry.requireActiveOperator(_msgSender());
        u = _requireUse(useId);
        r = _resources[u.resourceId];
        if (r.hostMemberId != caller) revert ResourceExchangeNotHost(u.resourceId, caller, r.hostMemberId);
    }

    function _requireStatus(uint256 useId, Use storage u, UseStatus expected) private view {
        if (u.status != expected) revert ResourceExchangeInvalidStatus(useId, u.status);
    }

    function _fee(uint32 quantity, uint64 pricePerUnit) private pure returns (uint64 fee) {
        // Cannot overflow: uint32 x uint64 fits in 96 bits; the narrowing is checked below.
        uint256 exact = uint256(quantity) * pricePerUnit;
        fee = uint64(exact);
        if (fee != exact) revert ICostLedger.CostLedgerAmountOverflow();
    }
}
