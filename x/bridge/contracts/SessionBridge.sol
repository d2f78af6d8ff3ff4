// SPDX-License-Identifier: UNLICENSED
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

/// @title SessionBridge
/// @notice Locks SESH on the EVM chain for the Session Token chain (deposits) and releases it again
/// in batches when the chain's validators sign for it (withdrawals).
/// @dev Every authorisation is a set of signatures over an EIP-712 typed-data digest, in the domain
/// (name "SessionBridge", version "2", this chain, this contract, salt keccak256(bridgeName)), by
/// signers holding more than two thirds of the current signer set's total power. The total counts
/// the power of bonded validators that are not members (they registered no key): they count as not
/// signing. The digests match x/bridge/types/digest.go on the chain side.
contract SessionBridge is Pausable, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice EIP-712 type of the domain.
    bytes32 public constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract,bytes32 salt)");
    /// @notice EIP-712 type of one transfer of a batch.
    bytes32 public constant TRANSFER_TYPEHASH =
        keccak256("Transfer(uint64 id,address recipient,uint256 amount,uint256 fee)");
    /// @notice EIP-712 type of a batch of transfers.
    bytes32 public constant BATCH_TYPEHASH = keccak256(
        "Batch(uint64 nonce,uint64 deadline,Transfer[] transfers)Transfer(uint64 id,address recipient,uint256 amount,uint256 fee)"
    );
    /// @notice EIP-712 type of a signer-set hand-over.
    bytes32 public constant SIGNER_SET_TYPEHASH =
        keccak256("SignerSet(uint64 nonce,address[] signers,uint256[] powers,uint256 totalPower)");
    /// @notice EIP-712 type of a pause or unpause.
    bytes32 public constant PAUSE_TYPEHASH = keccak256("SetPaused(uint64 nonce,bool paused)");
    /// @notice EIP-712 type of a withdrawal-cap change.
    bytes32 public constant CAP_TYPEHASH = keccak256("SetWithdrawalCap(uint64 nonce,uint256 limit,uint256 period)");

    /// @notice Largest number of members a signer set may have.
    uint256 public constant MAX_SIGNERS = 256;
    /// @notice Largest power of one signer-set member (2^96 - 1); a member and its power share a
    /// storage slot.
    uint256 public constant MAX_POWER = type(uint96).max;
    /// @notice Largest total power of a signer set (2^128 - 1): the two-thirds arithmetic cannot overflow.
    uint256 public constant MAX_TOTAL_POWER = type(uint128).max;
    /// @notice Largest number of transfers in one batch.
    uint256 public constant MAX_BATCH_SIZE = 256;
    /// @notice Largest deposit (2^128 - 1 base units): the chain's sums of deposits cannot overflow.
    uint256 public constant MAX_DEPOSIT = type(uint128).max;
    /// @notice Largest length in bytes of a deposit's Cosmos recipient address.
    uint256 public constant MAX_RECIPIENT_LENGTH = 128;

    /// @dev A member of the signer set: its address and power packed into one storage slot.
    struct Member {
        address signer;
        uint96 power;
    }

    /// @notice One outbound transfer of the Cosmos chain, as a batch carries it.
    struct Transfer {
        /// Chain-side id of the transfer; each is paid out once.
        uint64 id;
        /// Account to receive `amount`.
        address recipient;
        /// Amount released to the recipient.
        uint256 amount;
        /// Bridge fee the sender paid on the chain; paid to the account that submits the batch.
        uint256 fee;
    }

    /// @notice The bridged ERC-20 token (SESH).
    IERC20 public immutable token;
    /// @notice The EIP-712 domain separator, which binds every signature to this EVM chain, this
    /// contract and the bridge name; the chain calls it the bridge id.
    bytes32 public immutable bridgeId;
    /// @notice Name of the bridge: the Cosmos chain's bridge_name param, fixed at deployment. It does not
    /// change when the Cosmos chain moves to another chain id.
    string public bridgeName;

    /// @notice Nonce of the current signer set; each update must raise it.
    uint64 public signerSetNonce;
    /// @dev Members of the current signer set, strictly ascending by address.
    Member[] private _members;
    /// @notice Total power of the current signer set: its members' powers plus the power of the bonded
    /// validators that are not members.
    uint256 public totalPower;

    /// @notice Nonce of the last pause or cap change; the next one must use adminNonce + 1.
    uint64 public adminNonce;

    /// @notice Nonce of the last deposit (the first deposit has nonce 1).
    uint256 public depositNonce;

    /// @dev Paid-out transfers, 256 ids to a word: word id >> 8, bit id & 255.
    mapping(uint256 word => uint256 bits) private _withdrawn;

    /// @notice Most that may leave in one burst: the capacity of the withdrawal bucket.
    uint256 public withdrawalCap;
    /// @notice Seconds in which a full bucket drains; withdrawalCap more may leave per period.
    uint256 public capPeriod;
    /// @notice Fill of the bucket at capUpdated.
    uint256 public capUsed;
    /// @notice Block time of the last withdrawal or cap change.
    uint256 public capUpdated;

    /// @notice Tokens were locked for `recipient` on the Cosmos chain.
    /// @param nonce Deposit nonce, one more than the previous deposit's.
    /// @param sender Account the tokens were taken from.
    /// @param recipient Cosmos address (bech32) that is to receive the tokens.
    /// @param amount Amount the bridge received, in the token's base unit.
    event Deposit(uint256 indexed nonce, address indexed sender, string recipient, uint256 amount);

    /// @notice A batch of the Cosmos chain's outbound transfers was paid out.
    /// @param nonce Chain-side nonce of the batch.
    /// @param count Number of transfers.
    /// @param total Amounts and fees released.
    /// @param fees Fees paid to `relayer`.
    /// @param relayer Account that submitted the batch.
    event BatchExecuted(uint64 indexed nonce, uint256 count, uint256 total, uint256 fees, address indexed relayer);

    /// @notice The signer set was replaced.
    /// @param nonce Nonce of the new set.
    /// @param signers Members of the new set, ascending.
    /// @param powers Powers of the new set's members.
    /// @param totalPower Total power of the new set, members and absent validators.
    event SignerSetUpdated(uint64 indexed nonce, address[] signers, uint256[] powers, uint256 totalPower);

    /// @notice The withdrawal cap was changed.
    /// @param limit Capacity of the bucket.
    /// @param period Seconds in which a full bucket drains.
    event WithdrawalCapChanged(uint256 limit, uint256 period);

    /// @notice A deposit or withdrawal of zero tokens, or a deposit the bridge received nothing of.
    error ZeroAmount();
    /// @notice A deposit above MAX_DEPOSIT.
    /// @param amount Amount of the deposit.
    error DepositTooLarge(uint256 amount);
    /// @notice A deposit recipient that is empty or longer than MAX_RECIPIENT_LENGTH bytes.
    error BadRecipient();
    /// @notice A withdrawal to the zero address.
    error ZeroRecipient();
    /// @notice The token address given at deployment is zero.
    error ZeroToken();
    /// @notice The bridge name given at deployment is empty.
    error EmptyBridgeName();
    /// @notice The transfer has been paid out already.
    /// @param transferId Chain-side id of the transfer.
    error AlreadyWithdrawn(uint64 transferId);
    /// @notice A batch with no transfers or more than MAX_BATCH_SIZE.
    /// @param count Number of transfers.
    error BadBatchSize(uint256 count);
    /// @notice A batch submitted after its deadline: it can never be paid out.
    /// @param deadline Deadline of the batch.
    /// @param time Block time.
    error BatchExpired(uint64 deadline, uint256 time);
    /// @notice The withdrawal would take the bucket over the cap.
    /// @param requested Amount of the batch.
    /// @param available Amount the bucket takes now.
    error WithdrawalCapExceeded(uint256 requested, uint256 available);
    /// @notice A cap with a zero period.
    error ZeroCapPeriod();
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
    /// @notice A signer set whose total is below its members' powers or above MAX_TOTAL_POWER.
    /// @param total Total power given.
    /// @param members Sum of the members' powers.
    error BadTotalPower(uint256 total, uint256 members);
    /// @notice A pause or cap change whose nonce is not adminNonce + 1.
    /// @param nonce Nonce given.
    /// @param expected Nonce required.
    error BadAdminNonce(uint64 nonce, uint64 expected);

    /// @notice Deploys the bridge with its first signer set.
    /// @param token_ The bridged token.
    /// @param bridgeName_ The Cosmos chain's bridge_name param.
    /// @param signerSetNonce_ Nonce of the first signer set.
    /// @param signers_ Members of the first signer set, strictly ascending.
    /// @param powers_ Powers of the members, each above zero.
    /// @param totalPower_ Total power: the members' and that of the bonded validators without a key.
    /// @param withdrawalCap_ Capacity of the withdrawal bucket.
    /// @param capPeriod_ Seconds in which a full bucket drains.
    constructor(
        IERC20 token_,
        string memory bridgeName_,
        uint64 signerSetNonce_,
        address[] memory signers_,
        uint256[] memory powers_,
        uint256 totalPower_,
        uint256 withdrawalCap_,
        uint256 capPeriod_
    ) {
        if (address(token_) == address(0)) revert ZeroToken();
        if (bytes(bridgeName_).length == 0) revert EmptyBridgeName();
        if (capPeriod_ == 0) revert ZeroCapPeriod();
        _validateSignerSet(signers_, powers_, totalPower_);
        token = token_;
        bridgeName = bridgeName_;
        bridgeId = keccak256(
            abi.encode(
                DOMAIN_TYPEHASH,
                keccak256("SessionBridge"),
                keccak256("2"),
                block.chainid,
                address(this),
                keccak256(bytes(bridgeName_))
            )
        );
        _storeSignerSet(signerSetNonce_, signers_, powers_, totalPower_);
        withdrawalCap = withdrawalCap_;
        capPeriod = capPeriod_;
        capUpdated = block.timestamp;
        emit SignerSetUpdated(signerSetNonce_, signers_, powers_, totalPower_);
        emit WithdrawalCapChanged(withdrawalCap_, capPeriod_);
    }

    /// @notice Locks `amount` tokens of the caller (who must have approved them) for `recipient`
    /// on the Cosmos chain. The deposit is what the bridge's balance grew by, so a token that takes
    /// a fee on transfer is credited what arrived.
    /// @param recipient Cosmos address of the recipient, 1 to MAX_RECIPIENT_LENGTH bytes; the chain
    /// validates it further.
    /// @param amount Amount to take from the caller, 1 to MAX_DEPOSIT.
    function deposit(string calldata recipient, uint256 amount) external whenNotPaused nonReentrant {
        if (amount == 0) revert ZeroAmount();
        if (amount > MAX_DEPOSIT) revert DepositTooLarge(amount);
        uint256 length = bytes(recipient).length;
        if (length == 0 || length > MAX_RECIPIENT_LENGTH) revert BadRecipient();
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = token.balanceOf(address(this)) - before;
        if (received == 0) revert ZeroAmount();
        uint256 nonce = ++depositNonce;
        emit Deposit(nonce, msg.sender, recipient, received);
    }

    /// @notice Pays out a batch of the Cosmos chain's outbound transfers: each transfer's amount to its
    /// recipient, and the fees to the caller.
    /// @param nonce Chain-side nonce of the batch.
    /// @param deadline Block time after which the batch can no longer be paid out.
    /// @param transfers The batch's transfers, each paid out once.
    /// @param sigs Signatures over batchDigest(nonce, deadline, transfers), aligned with the current
    /// signer set; an empty entry means that signer did not sign.
    function submitBatch(uint64 nonce, uint64 deadline, Transfer[] calldata transfers, bytes[] calldata sigs)
        external
        whenNotPaused
        nonReentrant
    {
        if (block.timestamp > deadline) revert BatchExpired(deadline, block.timestamp);
        uint256 count = transfers.length;
        if (count == 0 || count > MAX_BATCH_SIZE) revert BadBatchSize(count);
        _checkSignatures(batchDigest(nonce, deadline, transfers), sigs);

        uint256 total;
        uint256 fees;
        for (uint256 i = 0; i < count; ++i) {
            Transfer calldata t = transfers[i];
            if (t.recipient == address(0)) revert ZeroRecipient();
            if (t.amount == 0) revert ZeroAmount();
            _markWithdrawn(t.id);
            total += t.amount + t.fee;
            fees += t.fee;
        }
        _consumeCap(total);
        for (uint256 i = 0; i < count; ++i) {
            token.safeTransfer(transfers[i].recipient, transfers[i].amount);
        }
        if (fees > 0) token.safeTransfer(msg.sender, fees);
        emit BatchExecuted(nonce, count, total, fees, msg.sender);
    }

    /// @notice Replaces the signer set; signed by the current set. Works while paused.
    /// @param newNonce Nonce of the new set, above signerSetNonce.
    /// @param newSigners Members of the new set, strictly ascending.
    /// @param newPowers Powers of the new members, each above zero.
    /// @param newTotalPower Total power of the new set, at least its members' powers.
    /// @param sigs Signatures over signerSetDigest(newNonce, newSigners, newPowers, newTotalPower),
    /// aligned with the current signer set.
    function updateSignerSet(
        uint64 newNonce,
        address[] calldata newSigners,
        uint256[] calldata newPowers,
        uint256 newTotalPower,
        bytes[] calldata sigs
    ) external {
        if (newNonce <= signerSetNonce) revert StaleSignerSet(newNonce, signerSetNonce);
        _validateSignerSet(newSigners, newPowers, newTotalPower);
        _checkSignatures(signerSetDigest(newNonce, newSigners, newPowers, newTotalPower), sigs);
        _storeSignerSet(newNonce, newSigners, newPowers, newTotalPower);
        emit SignerSetUpdated(newNonce, newSigners, newPowers, newTotalPower);
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

    /// @notice Sets the withdrawal bucket; signed by the current set. Works while paused. What the
    /// bucket holds stays, and leaks at the new rate from now.
    /// @param limit Capacity of the bucket.
    /// @param period Seconds in which a full bucket drains, above zero.
    /// @param nonce Must be adminNonce + 1.
    /// @param sigs Signatures over capDigest(nonce, limit, period), aligned with the current signer set.
    function setWithdrawalCap(uint256 limit, uint256 period, uint64 nonce, bytes[] calldata sigs) external {
        if (period == 0) revert ZeroCapPeriod();
        _useAdminNonce(nonce);
        _checkSignatures(capDigest(nonce, limit, period), sigs);
        capUsed = _bucketNow();
        capUpdated = block.timestamp;
        withdrawalCap = limit;
        capPeriod = period;
        emit WithdrawalCapChanged(limit, period);
    }

    /// @notice Whether the transfer with this chain-side id has been paid out.
    /// @param transferId Chain-side id of the transfer.
    /// @return done True once a batch paid it out.
    function withdrawn(uint64 transferId) public view returns (bool done) {
        return _withdrawn[transferId >> 8] & (uint256(1) << (transferId & 255)) != 0;
    }

    /// @notice The current signer set.
    /// @return nonce Nonce of the set.
    /// @return signers Members, ascending.
    /// @return powers Powers of the members.
    /// @return total Total power, members and absent validators.
    function currentSignerSet()
        external
        view
        returns (uint64 nonce, address[] memory signers, uint256[] memory powers, uint256 total)
    {
        uint256 count = _members.length;
        signers = new address[](count);
        powers = new uint256[](count);
        for (uint256 i = 0; i < count; ++i) {
            Member storage member = _members[i];
            signers[i] = member.signer;
            powers[i] = member.power;
        }
        return (signerSetNonce, signers, powers, totalPower);
    }

    /// @notice Amount a batch may release now: the cap less what the bucket still holds.
    /// @return available Cap minus the bucket's fill at this block's time.
    function availableToWithdraw() external view returns (uint256 available) {
        uint256 used = _bucketNow();
        return used >= withdrawalCap ? 0 : withdrawalCap - used;
    }

    /// @notice Digest the signers sign to pay out a batch.
    /// @param nonce Chain-side nonce of the batch.
    /// @param deadline Block time after which the batch can no longer be paid out.
    /// @param transfers The batch's transfers.
    /// @return The EIP-712 digest of Batch(nonce, deadline, transfers).
    function batchDigest(uint64 nonce, uint64 deadline, Transfer[] calldata transfers) public view returns (bytes32) {
        uint256 count = transfers.length;
        bytes32[] memory hashes = new bytes32[](count);
        for (uint256 i = 0; i < count; ++i) {
            Transfer calldata t = transfers[i];
            hashes[i] = keccak256(abi.encode(TRANSFER_TYPEHASH, t.id, t.recipient, t.amount, t.fee));
        }
        return _typedDigest(
            keccak256(abi.encode(BATCH_TYPEHASH, nonce, deadline, keccak256(abi.encodePacked(hashes))))
        );
    }

    /// @notice Digest the current signers sign to hand over to a new set.
    /// @param newNonce Nonce of the new set.
    /// @param newSigners Members of the new set.
    /// @param newPowers Powers of the new members.
    /// @param newTotalPower Total power of the new set.
    /// @return The EIP-712 digest of SignerSet(newNonce, newSigners, newPowers, newTotalPower).
    function signerSetDigest(
        uint64 newNonce,
        address[] calldata newSigners,
        uint256[] calldata newPowers,
        uint256 newTotalPower
    ) public view returns (bytes32) {
        return _typedDigest(
            keccak256(
                abi.encode(
                    SIGNER_SET_TYPEHASH,
                    newNonce,
                    keccak256(abi.encodePacked(newSigners)),
                    keccak256(abi.encodePacked(newPowers)),
                    newTotalPower
                )
            )
        );
    }

    /// @notice Digest the signers sign to pause or unpause.
    /// @param nonce Admin nonce of the change.
    /// @param paused_ Whether the contract is to be paused.
    /// @return The EIP-712 digest of SetPaused(nonce, paused_).
    function pauseDigest(uint64 nonce, bool paused_) public view returns (bytes32) {
        return _typedDigest(keccak256(abi.encode(PAUSE_TYPEHASH, nonce, paused_)));
    }

    /// @notice Digest the signers sign to change the withdrawal cap.
    /// @param nonce Admin nonce of the change.
    /// @param limit Capacity of the bucket.
    /// @param period Seconds in which a full bucket drains.
    /// @return The EIP-712 digest of SetWithdrawalCap(nonce, limit, period).
    function capDigest(uint64 nonce, uint256 limit, uint256 period) public view returns (bytes32) {
        return _typedDigest(keccak256(abi.encode(CAP_TYPEHASH, nonce, limit, period)));
    }

    /// @dev The EIP-712 digest of a struct hash in this bridge's domain.
    function _typedDigest(bytes32 structHash) private view returns (bytes32) {
        return keccak256(abi.encodePacked(hex"1901", bridgeId, structHash));
    }

    /// @dev Reverts unless `sigs` carries valid signatures over `digest` by members of the current set
    /// holding more than two thirds of its total power. sigs[i] belongs to _members[i]; an empty entry
    /// is skipped, any other entry must be a valid signature by that member.
    /// @param digest The EIP-712 digest signed.
    /// @param sigs 65-byte r ‖ s ‖ v signatures (v = 27 or 28) or empty entries, one per member.
    function _checkSignatures(bytes32 digest, bytes[] calldata sigs) internal view {
        uint256 count = _members.length;
        if (sigs.length != count) revert SignatureCountMismatch(sigs.length, count);
        uint256 signed;
        for (uint256 i = 0; i < count; ++i) {
            if (sigs[i].length == 0) continue;
            (address recovered, ECDSA.RecoverError err,) = ECDSA.tryRecoverCalldata(digest, sigs[i]);
            Member storage member = _members[i];
            if (err != ECDSA.RecoverError.NoError || recovered != member.signer) revert InvalidSignature(i);
            signed += member.power;
        }
        uint256 total = totalPower;
        if (signed * 3 <= total * 2) revert InsufficientPower(signed, total);
    }

    /// @dev Marks transfer `id` paid out, reverting if it was.
    function _markWithdrawn(uint64 id) private {
        uint256 word = id >> 8;
        uint256 bit = uint256(1) << (id & 255);
        uint256 bits = _withdrawn[word];
        if (bits & bit != 0) revert AlreadyWithdrawn(id);
        _withdrawn[word] = bits | bit;
    }

    /// @dev What the withdrawal bucket holds at this block's time: its fill at capUpdated less
    /// withdrawalCap per capPeriod since (in full precision, so no cap overflows the product).
    function _bucketNow() private view returns (uint256) {
        uint256 elapsed = block.timestamp - capUpdated;
        uint256 used = capUsed;
        // A full period drains a bucket that holds no more than the cap (this also keeps the product
        // below from overflowing for any cap).
        if (elapsed >= capPeriod && used <= withdrawalCap) return 0;
        uint256 leaked = Math.mulDiv(elapsed, withdrawalCap, capPeriod);
        return leaked >= used ? 0 : used - leaked;
    }

    /// @dev Adds `amount` to the bucket, reverting if it would hold more than withdrawalCap: at most
    /// withdrawalCap leaves at once, and at most withdrawalCap more per capPeriod after that.
    function _consumeCap(uint256 amount) private {
        uint256 used = _bucketNow();
        uint256 cap = withdrawalCap;
        if (used + amount > cap) revert WithdrawalCapExceeded(amount, used >= cap ? 0 : cap - used);
        capUsed = used + amount;
        capUpdated = block.timestamp;
    }

    /// @dev Reverts unless `signers`, `powers` and `total` form a valid signer set.
    /// @param signers Members, strictly ascending, none the zero address, at most MAX_SIGNERS.
    /// @param powers Powers of the members, each in 1..MAX_POWER.
    /// @param total Total power, at least the members' sum and at most MAX_TOTAL_POWER.
    function _validateSignerSet(address[] memory signers, uint256[] memory powers, uint256 total) internal pure {
        uint256 count = signers.length;
        if (count == 0) revert EmptySignerSet();
        if (count > MAX_SIGNERS) revert TooManySigners(count);
        if (powers.length != count) revert SignerSetLengthMismatch(count, powers.length);
        address previous = address(0);
        uint256 sum;
        for (uint256 i = 0; i < count; ++i) {
            address signer = signers[i];
            if (signer == address(0)) revert ZeroSigner();
            if (signer <= previous) revert SignersNotSorted(i);
            if (powers[i] == 0) revert ZeroPower(i);
            if (powers[i] > MAX_POWER) revert PowerTooLarge(i);
            sum += powers[i];
            previous = signer;
        }
        if (total < sum || total > MAX_TOTAL_POWER) revert BadTotalPower(total, sum);
    }

    /// @dev Makes the validated set the current signer set, reusing the storage slots of the previous set.
    function _storeSignerSet(uint64 nonce, address[] memory signers, uint256[] memory powers, uint256 total)
        private
    {
        uint256 count = signers.length;
        uint256 previousCount = _members.length;
        for (uint256 i = 0; i < count; ++i) {
            // Validated: powers[i] <= MAX_POWER.
            Member memory member = Member({signer: signers[i], power: uint96(powers[i])});
            if (i < previousCount) {
                _members[i] = member;
            } else {
                _members.push(member);
            }
        }
        for (uint256 i = count; i < previousCount; ++i) {
            _members.pop();
        }
        totalPower = total;
        signerSetNonce = nonce;
    }

    /// @dev Consumes admin nonce `nonce`, which must be adminNonce + 1.
    function _useAdminNonce(uint64 nonce) private {
        uint64 expected = adminNonce + 1;
        if (nonce != expected) revert BadAdminNonce(nonce, expected);
        adminNonce = nonce;
    }
}
