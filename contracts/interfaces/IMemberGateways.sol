// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/**
 * @title IMemberGateways
 * @notice Where each member school's gateway answers and the keys it uses with other gateways: an
 * Ed25519 key that signs its requests (HTTP message signatures, RFC 9421) and an X25519 key that
 * records sent to it are encrypted to. A member publishes them with its own operator key; a member that
 * lost its keys first gets a new one from the council (the registry's key recovery). Every entry keeps
 * its validity window (from the block it was set until the block the next one was), so requests and
 * deliveries can be judged by the keys valid when they happened; a key is never used twice, by anyone.
 */
interface IMemberGateways {
    struct GatewayEntry {
        string url; // e.g. https://gateway.bit.edu.cn
        bytes32 signingKey; // raw Ed25519 public key
        bytes32 encryptionKey; // raw X25519 public key
        uint64 validFromBlock;
        uint64 validUntilBlock; // 0 while current
    }

    /// @notice `memberId` has never published a gateway.
    error GatewaysNoEntry(uint32 memberId);
    /// @notice A gateway URL that is empty, longer than 256 bytes, or not http(s)://.
    error GatewaysInvalidUrl();
    /// @notice A zero key, or the same key for signing and encryption.
    error GatewaysInvalidKey();
    /// @notice `key` was published before (by this member or another): keys are never reused.
    error GatewaysKeyReused(bytes32 key);

    event GatewaySet(
        uint32 indexed memberId,
        uint256 index,
        string url,
        bytes32 signingKey,
        bytes32 encryptionKey,
        address indexed by
    );

    /**
     * @notice Publishes the caller's member's gateway and transport keys; the previous entry's window
     * ends at this block. Requirements: caller is a current operator key of an Active member; the URL
     * is http(s) and at most 256 bytes; both keys non-zero, distinct and never published before.
     */
    function setGateway(string calldata url, bytes32 signingKey, bytes32 encryptionKey)
        external
        returns (uint256 index);

    /// @notice The member's current entry. Reverts with {GatewaysNoEntry} if it has none.
    function currentGateway(uint32 memberId) external view returns (GatewayEntry memory);

    /// @notice Every entry the member published, oldest first.
    function gatewayEntries(uint32 memberId) external view returns (GatewayEntry[] memory);

    /// @notice Whether `signingKey` was the member's signing key at `blockNumber`.
    function signingKeyValidAt(uint32 memberId, bytes32 signingKey, uint64 blockNumber) external view returns (bool);
}
