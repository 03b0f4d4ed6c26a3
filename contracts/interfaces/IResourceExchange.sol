// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/**
 * @title IResourceExchange
 * @notice Shared resources a host member offers the alliance (a seconded teacher, a lab or training room,
 * equipment, a practice or internship base, a library or digital collection, or another kind the charter
 * adds) and their use by other members.
 *
 * A host publishes a resource: its kind, the unit it is used in, the price per unit in minor units (zero
 * allowed), its capacity and the hash of the terms document (which also says who is responsible for what
 * when something goes wrong). Like a course, a resource keeps every published version and may be retired.
 *
 * A use goes: the user requests a quantity for dates → the host accepts or declines (or the user cancels
 * first) → after the use the host records what was delivered → the user confirms, or either party disputes
 * with a reason → the secretariat resolves the dispute with a final quantity, on record and final.
 *
 *     Requested ─accept→ Accepted ─recordDelivery→ Delivered ─confirm→ Confirmed
 *         │ decline → Declined                        └─dispute→ Disputed ─resolve→ Resolved
 *         └ cancel  → Cancelled
 *
 * Money. A confirmed use's fee is the delivered quantity times its version's price per unit; a resolved
 * use's is the resolved quantity times that price. The fee accrues into the cost ledger's open period
 * exactly like a course fee ({ICostLedger-accrueCourseFee}: payable by the user, receivable by the host),
 * so reconciliation, settlement and the audit cover it; {UseConfirmed} and {DisputeResolved} name the fee
 * and the period it accrued in, as RecognitionDecided does for a course fee. The confirmation or
 * resolution that accrues a fee is refused when no period is open, or when user or host is not listed in
 * it (the cost ledger's own errors): the use stays Delivered or Disputed and is confirmed or resolved in
 * the next period, so a fee is never lost, queued or counted twice. A zero fee accrues nothing (period 0).
 *
 * Capacity. A resource's capacity bounds the quantity of its uses that are accepted and not yet delivered
 * (whatever their dates: scheduling is off chain). Accepting beyond it is refused; a recorded delivery
 * frees the use's quantity. Publishing a version with a smaller capacity leaves accepted uses standing.
 *
 * Personal data never reaches the chain: a seconded teacher or an intern appears only as a salted
 * commitment (as learners do), given in the events of the request (the user's person, e.g. an intern) and
 * of the acceptance (the host's person, e.g. a seconded teacher), never stored.
 *
 * Dates are days since 1970-01-01 (UTC).
 */
interface IResourceExchange {
    /// @dev `Other` is a kind the charter adds after this contract: its `kindCode` names it (e.g.
    /// keccak256("alliance.resource-kind.sports-ground")). The named kinds have a zero code.
    enum ResourceKind {
        TeacherSecondment,
        LabOrTrainingRoom,
        Equipment,
        PracticeBase,
        LibraryOrDigitalCollection,
        Other
    }

    enum ResourceUnit {
        Hour,
        Day,
        Seat,
        Placement,
        Licence
    }

    enum ResourceStatus {
        None,
        Active,
        Retired
    }

    enum UseStatus {
        None,
        Requested,
        Accepted,
        Declined,
        Cancelled,
        Delivered,
        Confirmed,
        Disputed,
        Resolved
    }

    /// @dev What a host publishes for each version of a resource.
    struct ResourceTerms {
        ResourceUnit unit;
        uint64 pricePerUnit; // minor units (fen, cents) per unit; zero allowed
        uint32 capacity; // units that may be accepted and not yet delivered at once; above zero
        bytes32 termsHash; // hash of the terms document, including responsibilities when things go wrong
    }

    struct Resource {
        uint32 hostMemberId;
        ResourceKind kind;
        ResourceStatus status;
        uint16 latestVersion;
        uint32 capacity; // the latest version's
        uint32 committed; // quantity of uses accepted and not yet delivered
        bytes32 kindCode; // zero unless kind is Other
    }

    /// @dev One storage slot. `billedQuantity` is what the fee was charged on: the delivered quantity once
    /// confirmed, the secretariat's quantity once resolved, zero before.
    struct Use {
        uint32 resourceId;
        uint16 version;
        UseStatus status;
        uint32 userId;
        uint32 quantity;
        uint32 deliveredQuantity;
        uint32 billedQuantity;
        uint32 startDay;
        uint32 endDay;
    }

    // ------------------------------------------------------------------ errors

    /// @notice No resource has id `resourceId`.
    error ResourceExchangeUnknownResource(uint32 resourceId);
    /// @notice Resource `resourceId` has no published version `version`.
    error ResourceExchangeUnknownVersion(uint32 resourceId, uint16 version);
    /// @notice {publishResourceVersion}, {retireResource}, {acceptUse}, {declineUse} or {recordDelivery} by a
    /// key of member `callerMemberId`, which does not host the resource (`hostMemberId` does).
    error ResourceExchangeNotHost(uint32 resourceId, uint32 callerMemberId, uint32 hostMemberId);
    /// @notice {publishResourceVersion}, {retireResource} or {requestUse} of a retired resource.
    error ResourceExchangeResourceRetired(uint32 resourceId);
    /// @notice {publishResource} with kind `Other` and no kind code, or a named kind with a kind code.
    error ResourceExchangeInvalidKind(ResourceKind kind, bytes32 kindCode);
    /// @notice A version needs a capacity above zero and the hash of its terms document.
    error ResourceExchangeInvalidTerms(uint32 capacity, bytes32 termsHash);
    /// @notice {requestUse} by a key of the resource's own host `memberId`: a member does not use (and so
    /// pay) itself.
    error ResourceExchangeOwnResource(uint32 resourceId, uint32 memberId);
    /// @notice A quantity of zero or above `maximum`: a request above the version's capacity, a delivery
    /// above the accepted quantity, or a resolution above the delivered quantity (zero is allowed for a
    /// delivery and a resolution).
    error ResourceExchangeInvalidQuantity(uint32 quantity, uint32 maximum);
    /// @notice {requestUse} with a start day of zero or after the end day.
    error ResourceExchangeInvalidDates(uint32 startDay, uint32 endDay);
    /// @notice No use has id `useId`.
    error ResourceExchangeUnknownUse(uint256 useId);
    /// @notice The use is `status`, which the call does not act on: accept, decline and cancel need
    /// Requested, recordDelivery Accepted, confirm and dispute Delivered, resolve Disputed.
    error ResourceExchangeInvalidStatus(uint256 useId, UseStatus status);
    /// @notice {cancelUse} or {confirmUse} by a key of member `callerMemberId`, which is not the use's user
    /// (`userId` is).
    error ResourceExchangeNotUser(uint256 useId, uint32 callerMemberId, uint32 userId);
    /// @notice {disputeUse} by a key of member `callerMemberId`, which is neither the use's user nor its
    /// host.
    error ResourceExchangeNotParty(uint256 useId, uint32 callerMemberId);
    /// @notice {acceptUse} of `quantity` when only `available` of the resource's capacity is free.
    error ResourceExchangeCapacityExceeded(uint32 resourceId, uint32 quantity, uint32 available);
    /// @notice {declineUse}, {disputeUse} or {resolveDispute} without the hash of its reason, or
    /// {recordDelivery} without the hash of the delivery record.
    error ResourceExchangeMissingReason();
    /// @notice {resolveDispute} by `account`, which is (or was) an operator key of the use's user or host:
    /// nobody resolves its own member's dispute.
    error ResourceExchangeResolverIsParty(uint256 useId, address account);

    // ------------------------------------------------------------------ events

    /// @notice A host published resource `resourceId` (its first version follows in
    /// {ResourceVersionPublished}).
    event ResourcePublished(
        uint32 indexed resourceId, uint32 indexed hostMemberId, ResourceKind kind, bytes32 kindCode
    );
    /// @notice Version `version` of a resource, with its terms.
    event ResourceVersionPublished(uint32 indexed resourceId, uint16 indexed version, ResourceTerms terms);
    /// @notice The host retired a resource: no new requests, no new versions; uses under way go on.
    event ResourceRetired(uint32 indexed resourceId, uint32 indexed hostMemberId);
    /// @notice Member `userId` requested `quantity` units of a resource version for the days given.
    /// @param personCommitment The salted commitment of the user's person (e.g. an intern), or zero.
    event UseRequested(
        uint256 indexed useId,
        uint32 indexed resourceId,
        uint32 indexed userId,
        uint16 version,
        uint32 hostMemberId,
        uint32 quantity,
        uint32 startDay,
        uint32 endDay,
        bytes32 personCommitment
    );
    /// @notice The host accepted a use.
    /// @param personCommitment The salted commitment of the host's person (e.g. a seconded teacher), or zero.
    event UseAccepted(uint256 indexed useId, bytes32 personCommitment, address by);
    /// @notice The host declined a use, giving the hash of its reason.
    event UseDeclined(uint256 indexed useId, bytes32 reasonHash, address by);
    /// @notice The user cancelled its request before the host decided.
    event UseCancelled(uint256 indexed useId, address by);
    /// @notice The host recorded what it delivered, with the hash of the delivery record.
    event UseDelivered(uint256 indexed useId, uint32 deliveredQuantity, bytes32 deliveryHash, address by);
    /// @notice The user confirmed the delivery; `fee` (payable by the user, receivable by the host) accrued
    /// in period `periodId` (0 when the fee is zero).
    event UseConfirmed(
        uint256 indexed useId,
        uint32 indexed userId,
        uint32 indexed hostMemberId,
        uint32 billedQuantity,
        uint64 fee,
        uint32 periodId,
        address by
    );
    /// @notice Member `disputingMemberId` (the user or the host) disputed the delivery.
    event UseDisputed(uint256 indexed useId, uint32 indexed disputingMemberId, bytes32 reasonHash, address by);
    /// @notice The secretariat resolved a dispute, finally: the fee on `resolvedQuantity` (payable by the
    /// user, receivable by the host) accrued in period `periodId` (0 when the fee is zero).
    event DisputeResolved(
        uint256 indexed useId,
        uint32 indexed userId,
        uint32 indexed hostMemberId,
        uint32 resolvedQuantity,
        uint64 fee,
        uint32 periodId,
        bytes32 reasonHash,
        address by
    );

    // ------------------------------------------------------------------ resources

    /**
     * @notice Publishes a shared resource hosted by the caller's member, as version 1.
     * Requirements: caller is a current key of an Active member; `kindCode` is non-zero exactly when
     * `kind` is Other; capacity above zero and a terms hash.
     */
    function publishResource(ResourceKind kind, bytes32 kindCode, ResourceTerms calldata terms)
        external
        returns (uint32 resourceId);

    /**
     * @notice Publishes the next version of a resource (new price, capacity, unit or terms). New requests
     * take the latest version; a use keeps the version it was requested under.
     * Requirements: caller is a key of the Active host member; the resource is not retired.
     */
    function publishResourceVersion(uint32 resourceId, ResourceTerms calldata terms)
        external
        returns (uint16 version);

    /// @notice Retires a resource: no new requests or versions. Requirements as {publishResourceVersion}.
    function retireResource(uint32 resourceId) external;

    // ------------------------------------------------------------------ uses

    /**
     * @notice The caller's member requests `quantity` units of an active resource's latest version from
     * `startDay` to `endDay`.
     * Requirements: caller is a key of an Active member that does not host the resource; quantity above
     * zero and within the version's capacity; 0 < startDay <= endDay.
     * @param personCommitment Salted commitment of the user's person (e.g. an intern), or zero.
     */
    function requestUse(
        uint32 resourceId,
        uint32 quantity,
        uint32 startDay,
        uint32 endDay,
        bytes32 personCommitment
    ) external returns (uint256 useId);

    /// @notice The user cancels its request before the host decides. Requirements: a key of the Active
    /// user; the use is Requested.
    function cancelUse(uint256 useId) external;

    /**
     * @notice The host accepts a requested use, committing its quantity against the resource's capacity.
     * Requirements: a key of the Active host; the use is Requested; the quantity fits the capacity left.
     * @param personCommitment Salted commitment of the host's person (e.g. a seconded teacher), or zero.
     */
    function acceptUse(uint256 useId, bytes32 personCommitment) external;

    /// @notice The host declines a requested use with the hash of its reason. Requirements: a key of the
    /// Active host; the use is Requested.
    function declineUse(uint256 useId, bytes32 reasonHash) external;

    /**
     * @notice After the use, the host records the quantity it delivered (0 to the accepted quantity) and
     * the hash of the delivery record; the accepted quantity no longer counts against capacity.
     * Requirements: a key of the Active host; the use is Accepted.
     */
    function recordDelivery(uint256 useId, uint32 deliveredQuantity, bytes32 deliveryHash) external;

    /**
     * @notice The user confirms the delivery; its fee accrues in the open period.
     * Requirements: a key of the Active user; the use is Delivered; with a non-zero fee, a period is open
     * and lists both user and host.
     */
    function confirmUse(uint256 useId) external;

    /// @notice The user, or the host (when the user neither confirms nor disputes), disputes the delivery
    /// with the hash of the reason; the secretariat then resolves it. Requirements: a key of the Active
    /// user or host; the use is Delivered.
    function disputeUse(uint256 useId, bytes32 reasonHash) external;

    /**
     * @notice The secretariat resolves a dispute with the final quantity (0 to the delivered quantity) and
     * the hash of its reasons; the fee on that quantity accrues in the open period. Final: a resolved use
     * never changes.
     * Requirements: secretariat, not a key of user or host; the use is Disputed; with a non-zero fee, a
     * period is open and lists both user and host.
     */
    function resolveDispute(uint256 useId, uint32 resolvedQuantity, bytes32 reasonHash) external;

    // ------------------------------------------------------------------ views

    function resource(uint32 resourceId) external view returns (Resource memory);
    function resourceVersion(uint32 resourceId, uint16 version) external view returns (ResourceTerms memory);
    function resourceCount() external view returns (uint32);
    function use(uint256 useId) external view returns (Use memory);
    function useCount() external view returns (uint256);

    /// @notice The fee a use's billed quantity costs at its version's price (zero until confirmed or resolved).
    function useFee(uint256 useId) external view returns (uint64);
}
