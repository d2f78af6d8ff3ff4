// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

/// @title SessionBridge
/// @notice Locks SESH on the EVM chain for the Session Token chain (deposits) and releases it again
/// when the chain's validators sign for it (withdrawals).
/// @dev Every authorisation is a set of EIP-191 ("\x19Ethereum Signed Message:\n32") signatures over a
/// digest keccak256(abi.encode(TAG, bridgeId, ...)), by signers holding more than two thirds of the
/// power of the current signer set. The digests match x/bridge/types/digest.go on the chain side.
contract SessionBridge is Pausable, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice Domain tag of withdrawal digests.
    bytes32 public constant WITHDRAW_TAG = keccak256("sessionchain.bridge.withdraw.v1");
    /// @notice Domain tag of signer-set update digests.
    bytes32 public constant SIGNER_SET_TAG = keccak256("sessionchain.bridge.signerset.v1");
    /// @notice Domain tag of pause and unpause digests.
    bytes32 public constant PAUSE_TAG = keccak256("sessionchain.bridge.pause.v1");
    /// @notice Domain tag of withdrawal-cap change digests.
    bytes32 public constant CAP_TAG = keccak256("sessionchain.bridge.cap.v1");

    /// @notice Length of a withdrawal-cap window in seconds; window n covers [n * 12h, (n + 1) * 12h).
    uint256 public constant WITHDRAWAL_WINDOW = 12 hours;
    /// @notice Largest number of members a signer set may have.
    uint256 public constant MAX_SIGNERS = 256;
    /// @notice Largest power of one signer-set member (2^96 - 1); a member and its power share a
    /// storage slot, and the two-thirds arithmetic cannot overflow.
    uint256 public constant MAX_POWER = type(uint96).max;
    /// @notice Largest length in bytes of a deposit's Cosmos recipient address.
    uint256 public constant MAX_RECIPIENT_LENGTH = 128;

    /// @dev A member of the signer set: its address and power packed into one storage slot.
    struct Member {
        address signer;
        uint96 power;
    }

    /// @notice The bridged ERC-20 token (SESH).
    IERC20 public immutable token;
    /// @notice keccak256(abi.encode(block.chainid, address(this), keccak256(bytes(cosmosChainId)))),
    /// fixed at deployment; part of every digest so signatures cannot be replayed on another EVM chain,
    /// another deployment or for another Cosmos chain.
    bytes32 public immutable bridgeId;
    /// @notice Chain id of the Cosmos chain this bridge serves.
    string public cosmosChainId;

    /// @notice Nonce of the current signer set; each update must raise it.
    uint64 public signerSetNonce;
    /// @dev Members of the current signer set, strictly ascending by address.
    Member[] private _members;
    /// @notice Sum of the powers of the current signer set.
    uint256 public totalPower;

    /// @notice Nonce of the last pause or cap change; the next one must use adminNonce + 1.
    uint64 public adminNonce;

    /// @notice Nonce of the last deposit (the first deposit has nonce 1).
    uint256 public depositNonce;

    /// @notice Whether the transfer with this chain-side id has been paid out.
    mapping(uint64 transferId => bool done) public withdrawn;
    /// @notice Most that may be withdrawn in one window.
    uint256 public withdrawalCap;
    /// @notice Index of the window windowWithdrawn counts (block.timestamp / WITHDRAWAL_WINDOW).
    uint256 public currentWindow;
    /// @notice Amount withdrawn in currentWindow.
    uint256 public windowWithdrawn;

    /// @notice Tokens were locked for `recipient` on the Cosmos chain.
    /// @param nonce Deposit nonce, one more than the previous deposit's.
    /// @param sender Account the tokens were taken from.
    /// @param recipient Cosmos address (bech32) that is to receive the tokens.
    /// @param amount Amount locked, in the token's base unit.
    event Deposit(uint256 indexed nonce, address indexed sender, string recipient, uint256 amount);

    /// @notice The outbound transfer `transferId` of the Cosmos chain was paid out.
    /// @param transferId Chain-side id of the transfer.
    /// @param recipient Account that received the tokens.
    /// @param amount Amount released.
    event Withdrawal(uint64 indexed transferId, address indexed recipient, uint256 amount);

    /// @notice The signer set was replaced.
    /// @param nonce Nonce of the new set.
    /// @param signers Members of the new set, ascending.
    /// @param powers Powers of the new set's members.
    event SignerSetUpdated(uint64 indexed nonce, address[] signers, uint256[] powers);

    /// @notice The withdrawal cap per window was changed.
    /// @param cap New cap.
    event WithdrawalCapChanged(uint256 cap);

    /// @notice A deposit or withdrawal of zero tokens.
    error ZeroAmount();
    /// @notice A deposit recipient that is empty or longer than MAX_RECIPIENT_LENGTH bytes.
    error BadRecipient();
    /// @notice A withdrawal to the zero address.
    error ZeroRecipient();
    /// @notice The token address given at deployment is zero.
    error ZeroToken();
    /// @notice The Cosmos chain id given at deployment is empty.
    error EmptyCosmosChainId();
    /// @notice The transfer has been paid out already.
    /// @param transferId Chain-side id of the transfer.
    error AlreadyWithdrawn(uint64 transferId);
    /// @notice The withdrawal would take the current window over the cap.
    /// @param requested Amount of the withdrawal.
    /// @param remaining Amount still allowed in the current window.
    error WithdrawalCapExceeded(uint256 requested, uint256 remaining);
    /// @notice The number of signatures differs from the size of the current signer set.
    /// @param got Number of signatures given.
    /// @param want Size of the current signer set.
    error SignatureCountMismatch(uint256 got, uint256 want);
    /// @notice The non-empty signature at `index` is malformed or not by the signer at `index`.
    /// @param index Position in the signer set and in the signature list.
    error InvalidSignature(uint256 index);
    /// @notice The valid signatures hold no more than two thirds of the total power.
    /// @param signed Power of the valid signatures.
    /// @param total Total power of the current signer set.
    error InsufficientPower(uint256 signed, uint256 total);
    /// @notice A signer-set update whose nonce does not exceed the current one.
    /// @param newNonce Nonce of the proposed set.
    /// @param current Nonce of the current set.
    error StaleSignerSet(uint64 newNonce, uint64 current);
    /// @notice A signer set without members.
    error EmptySignerSet();
    /// @notice A signer set with more than MAX_SIGNERS members.
    /// @param count Number of members.
    error TooManySigners(uint256 count);
    /// @notice A signer set whose address and power lists differ in length.
    /// @param signers Number of addresses.
    /// @param powers Number of powers.
    error SignerSetLengthMismatch(uint256 signers, uint256 powers);
    /// @notice A signer set containing the zero address.
    error ZeroSigner();
    /// @notice A signer set whose addresses are not strictly ascending (this includes duplicates).
    /// @param index Position of the first address not above its predecessor.
    error SignersNotSorted(uint256 index);
    /// @notice A signer set member with zero power.
    /// @param index Position of the member.
    error ZeroPower(uint256 index);
    /// @notice A signer set member with a power above MAX_POWER.
    /// @param index Position of the member.
    error PowerTooLarge(uint256 index);
    /// @notice A pause or cap change whose nonce is not adminNonce + 1.
    /// @param nonce Nonce given.
    /// @param expected Nonce required.
    error BadAdminNonce(uint64 nonce, uint64 expected);

    /// @notice Deploys the bridge with its first signer set.
    /// @param token_ The bridged token.
    /// @param cosmosChainId_ Chain id of the Cosmos chain.
    /// @param signerSetNonce_ Nonce of the first signer set.
    /// @param signers_ Members of the first signer set, strictly ascending.
    /// @param powers_ Powers of the members, each above zero.
    /// @param withdrawalCap_ Most that may be withdrawn per window.
    constructor(
        IERC20 token_,
        string memory cosmosChainId_,
        uint64 signerSetNonce_,
        address[] memory signers_,
        uint256[] memory powers_,
        uint256 withdrawalCap_
    ) {
        if (address(token_) == address(0)) revert ZeroToken();
        if (bytes(cosmosChainId_).length == 0) revert EmptyCosmosChainId();
        _validateSignerSet(signers_, powers_);
        token = token_;
        cosmosChainId = cosmosChainId_;
        bridgeId = keccak256(abi.encode(block.chainid, address(this), keccak256(bytes(cosmosChainId_))));
        _storeSignerSet(signerSetNonce_, signers_, powers_);
        withdrawalCap = withdrawalCap_;
        emit SignerSetUpdated(signerSetNonce_, signers_, powers_);
        emit WithdrawalCapChanged(withdrawalCap_);
    }

    /// @notice Locks `amount` tokens of the caller (who must have approved them) for `recipient`
    /// on the Cosmos chain.
    /// @param recipient Cosmos address of the recipient, 1 to MAX_RECIPIENT_LENGTH bytes; the chain
    /// validates it further.
    /// @param amount Amount to lock, above zero.
    function deposit(string calldata recipient, uint256 amount) external whenNotPaused nonReentrant {
        if (amount == 0) revert ZeroAmount();
        uint256 length = bytes(recipient).length;
        if (length == 0 || length > MAX_RECIPIENT_LENGTH) revert BadRecipient();
        uint256 nonce = ++depositNonce;
        token.safeTransferFrom(msg.sender, address(this), amount);
        emit Deposit(nonce, msg.sender, recipient, amount);
    }

    /// @notice Pays out the Cosmos chain's outbound transfer `transferId`.
    /// @param transferId Chain-side id of the transfer; each is paid out once.
    /// @param recipient Account to receive the tokens.
    /// @param amount Amount to release.
    /// @param sigs Signatures over withdrawDigest(transferId, recipient, amount), aligned with the
    /// current signer set; an empty entry means that signer did not sign.
    function withdraw(uint64 transferId, address recipient, uint256 amount, bytes[] calldata sigs)
        external
        whenNotPaused
        nonReentrant
    {
        if (withdrawn[transferId]) revert AlreadyWithdrawn(transferId);
        if (recipient == address(0)) revert ZeroRecipient();
        if (amount == 0) revert ZeroAmount();
        _checkSignatures(withdrawDigest(transferId, recipient, amount), sigs);

        uint256 window = block.timestamp / WITHDRAWAL_WINDOW;
        if (window != currentWindow) {
            currentWindow = window;
            windowWithdrawn = 0;
        }
        uint256 used = windowWithdrawn;
        if (used + amount > withdrawalCap) {
            revert WithdrawalCapExceeded(amount, used >= withdrawalCap ? 0 : withdrawalCap - used);
        }

        withdrawn[transferId] = true;
        windowWithdrawn = used + amount;
        token.safeTransfer(recipient, amount);
        emit Withdrawal(transferId, recipient, amount);
    }

    /// @notice Replaces the signer set; signed by the current set. Works while paused.
    /// @param newNonce Nonce of the new set, above signerSetNonce.
    /// @param newSigners Members of the new set, strictly ascending.
    /// @param newPowers Powers of the new members, each above zero.
    /// @param sigs Signatures over signerSetDigest(newNonce, newSigners, newPowers), aligned with the
    /// current signer set.
    function updateSignerSet(
        uint64 newNonce,
        address[] calldata newSigners,
        uint256[] calldata newPowers,
        bytes[] calldata sigs
    ) external {
        if (newNonce <= signerSetNonce) revert StaleSignerSet(newNonce, signerSetNonce);
        _validateSignerSet(newSigners, newPowers);
        _checkSignatures(signerSetDigest(newNonce, newSigners, newPowers), sigs);
        _storeSignerSet(newNonce, newSigners, newPowers);
        emit SignerSetUpdated(newNonce, newSigners, newPowers);
    }

    /// @notice Pauses (`paused_` true) or unpauses deposits and withdrawals; signed by the current set.
    /// Setting the state the contract is already in only uses up the nonce.
    /// @param paused_ Whether the contract is to be paused.
    /// @param nonce Must be adminNonce + 1.
    /// @param sigs Signatures over pauseDigest(nonce, paused_), aligned with the current signer set.
    function setPaused(bool paused_, uint64 nonce, bytes[] calldata sigs) external {
        _useAdminNonce(nonce);
        _checkSignatures(pauseDigest(nonce, paused_), sigs);
        if (paused_ && !paused()) {
            _pause();
        } else if (!paused_ && paused()) {
            _unpause();
        }
    }

    /// @notice Sets the withdrawal cap per window; signed by the current set. Works while paused.
    /// The amount already withdrawn in the current window still counts against the new cap.
    /// @param cap New cap.
    /// @param nonce Must be adminNonce + 1.
    /// @param sigs Signatures over capDigest(nonce, cap), aligned with the current signer set.
    function setWithdrawalCap(uint256 cap, uint64 nonce, bytes[] calldata sigs) external {
        _useAdminNonce(nonce);
        _checkSignatures(capDigest(nonce, cap), sigs);
        withdrawalCap = cap;
        emit WithdrawalCapChanged(cap);
    }

    /// @notice The current signer set.
    /// @return nonce Nonce of the set.
    /// @return signers Members, ascending.
    /// @return powers Powers of the members.
    function currentSignerSet()
        external
        view
        returns (uint64 nonce, address[] memory signers, uint256[] memory powers)
    {
        uint256 count = _members.length;
        signers = new address[](count);
        powers = new uint256[](count);
        for (uint256 i = 0; i < count; ++i) {
            Member storage member = _members[i];
            signers[i] = member.signer;
            powers[i] = member.power;
        }
        return (signerSetNonce, signers, powers);
    }

    /// @notice Amount that may still be withdrawn in the window of the current block.
    /// @return remaining Cap minus what was withdrawn in this window (the cap itself in a fresh window).
    function remainingInWindow() external view returns (uint256 remaining) {
        uint256 used = block.timestamp / WITHDRAWAL_WINDOW == currentWindow ? windowWithdrawn : 0;
        return used >= withdrawalCap ? 0 : withdrawalCap - used;
    }

    /// @notice Digest the signers sign to pay out a transfer (before the EIP-191 prefix).
    /// @param transferId Chain-side id of the transfer.
    /// @param recipient Account to receive the tokens.
    /// @param amount Amount to release.
    /// @return keccak256(abi.encode(WITHDRAW_TAG, bridgeId, transferId, recipient, amount)).
    function withdrawDigest(uint64 transferId, address recipient, uint256 amount) public view returns (bytes32) {
        return keccak256(abi.encode(WITHDRAW_TAG, bridgeId, transferId, recipient, amount));
    }

    /// @notice Digest the current signers sign to hand over to a new set (before the EIP-191 prefix).
    /// @param newNonce Nonce of the new set.
    /// @param newSigners Members of the new set.
    /// @param newPowers Powers of the new members.
    /// @return keccak256(abi.encode(SIGNER_SET_TAG, bridgeId, newNonce, newSigners, newPowers)).
    function signerSetDigest(uint64 newNonce, address[] calldata newSigners, uint256[] calldata newPowers)
        public
        view
        returns (bytes32)
    {
        return keccak256(abi.encode(SIGNER_SET_TAG, bridgeId, newNonce, newSigners, newPowers));
    }

    /// @notice Digest the signers sign to pause or unpause (before the EIP-191 prefix).
    /// @param nonce Admin nonce of the change.
    /// @param paused_ Whether the contract is to be paused.
    /// @return keccak256(abi.encode(PAUSE_TAG, bridgeId, nonce, paused_)).
    function pauseDigest(uint64 nonce, bool paused_) public view returns (bytes32) {
        return keccak256(abi.encode(PAUSE_TAG, bridgeId, nonce, paused_));
    }

    /// @notice Digest the signers sign to change the withdrawal cap (before the EIP-191 prefix).
    /// @param nonce Admin nonce of the change.
    /// @param cap New cap.
    /// @return keccak256(abi.encode(CAP_TAG, bridgeId, nonce, cap)).
    function capDigest(uint64 nonce, uint256 cap) public view returns (bytes32) {
        return keccak256(abi.encode(CAP_TAG, bridgeId, nonce, cap));
    }

    /// @dev Reverts unless `sigs` carries valid signatures over the EIP-191 form of `digest` by members
    /// of the current set holding more than two thirds of its power. sigs[i] belongs to _members[i];
    /// an empty entry is skipped, any other entry must be a valid signature by that member.
    /// @param digest The digest signed (before the EIP-191 prefix).
    /// @param sigs 65-byte r ‖ s ‖ v signatures (v = 27 or 28) or empty entries, one per member.
    function _checkSignatures(bytes32 digest, bytes[] calldata sigs) internal view {
        uint256 count = _members.length;
        if (sigs.length != count) revert SignatureCountMismatch(sigs.length, count);
        bytes32 signedHash = MessageHashUtils.toEthSignedMessageHash(digest);
        uint256 signed;
        for (uint256 i = 0; i < count; ++i) {
            if (sigs[i].length == 0) continue;
            (address recovered, ECDSA.RecoverError err,) = ECDSA.tryRecoverCalldata(signedHash, sigs[i]);
            Member storage member = _members[i];
            if (err != ECDSA.RecoverError.NoError || recovered != member.signer) revert InvalidSignature(i);
            signed += member.power;
        }
        uint256 total = totalPower;
        if (signed * 3 <= total * 2) revert InsufficientPower(signed, total);
    }

    /// @dev Reverts unless `signers` and `powers` form a valid signer set. With at most MAX_SIGNERS
    /// members of at most MAX_POWER each, the total stays below 2^104, so the two-thirds check
    /// (signed * 3, total * 2) cannot overflow.
    /// @param signers Members, strictly ascending, none the zero address, at most MAX_SIGNERS.
    /// @param powers Powers of the members, each in 1..MAX_POWER.
    function _validateSignerSet(address[] memory signers, uint256[] memory powers) internal pure {
        uint256 count = signers.length;
        if (count == 0) revert EmptySignerSet();
        if (count > MAX_SIGNERS) revert TooManySigners(count);
        if (powers.length != count) revert SignerSetLengthMismatch(count, powers.length);
        address previous = address(0);
        for (uint256 i = 0; i < count; ++i) {
            address signer = signers[i];
            if (signer == address(0)) revert ZeroSigner();
            if (signer <= previous) revert SignersNotSorted(i);
            if (powers[i] == 0) revert ZeroPower(i);
            if (powers[i] > MAX_POWER) revert PowerTooLarge(i);
            previous = signer;
        }
    }

    /// @dev Makes the validated set (`signers`, `powers`) with nonce `nonce` the current signer set,
    /// reusing the storage slots of the previous set.
    /// @param nonce Nonce of the set.
    /// @param signers Members, validated by _validateSignerSet.
    /// @param powers Powers of the members.
    function _storeSignerSet(uint64 nonce, address[] memory signers, uint256[] memory powers) private {
        uint256 count = signers.length;
        uint256 previousCount = _members.length;
        uint256 total;
        for (uint256 i = 0; i < count; ++i) {
            // Validated: powers[i] <= MAX_POWER.
            Member memory member = Member({signer: signers[i], power: uint96(powers[i])});
            if (i < previousCount) {
                _members[i] = member;
            } else {
                _members.push(member);
            }
            total += powers[i];
        }
        for (uint256 i = count; i < previousCount; ++i) {
            _members.pop();
        }
        totalPower = total;
        signerSetNonce = nonce;
    }

    /// @dev Consumes admin nonce `nonce`, which must be adminNonce + 1.
    /// @param nonce The nonce given.
    function _useAdminNonce(uint64 nonce) private {
        uint64 expected = adminNonce + 1;
        if (nonce != expected) revert BadAdminNonce(nonce, expected);
        adminNonce = nonce;
    }
}
