using System.Buffers.Binary;
using System.Security.Cryptography;
using Bittensor.Protocol;

namespace Bittensor.Neurons;

/// <summary>
/// The SHA-256 "body hash" a <see cref="Identity.RequestCredential"/> covers for forward and backward calls: every
/// field of the request except the credential itself, so a credential cannot be moved onto other inputs, another
/// synapse or another subnet. Layout hashed:
/// <c>domain ("bittensor-forward-v1" or "bittensor-backward-v1") ‖ netuid (2, big-endian) ‖ synapse (1) ‖ tensor…</c>,
/// each tensor as <c>dtype (1) ‖ rank (1) ‖ each dimension (8, big-endian) ‖ element bytes</c>.
/// Both ends compute it from the decoded message, so it does not depend on the wire encoding.
/// </summary>
public static class RequestBody
{
    private static readonly byte[] ForwardDomain = "bittensor-forward-v1"u8.ToArray();
    private static readonly byte[] BackwardDomain = "bittensor-backward-v1"u8.ToArray();

    /// <summary>The body hash of a forward call.</summary>
    public static byte[] ForwardHash(ushort netUid, SynapseType synapse, TensorPayload inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return Hash(ForwardDomain, netUid, synapse, inputs, null);
    }

    /// <summary>The body hash of a forward request (its credential aside).</summary>
    public static byte[] ForwardHash(ForwardRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ForwardHash(request.NetUid, request.Synapse, request.Inputs);
    }

    /// <summary>The body hash of a backward call.</summary>
    public static byte[] BackwardHash(ushort netUid, SynapseType synapse, TensorPayload inputs, TensorPayload gradients)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(gradients);
        return Hash(BackwardDomain, netUid, synapse, inputs, gradients);
    }

    /// <summary>The body hash of a backward request (its credential aside).</summary>
    public static byte[] BackwardHash(BackwardRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return BackwardHash(request.NetUid, request.Synapse, request.Inputs, request.Gradients);
    }

    // Bodies up to this size are laid out on the stack and hashed in one call: a simulation authenticates hundreds of
    // small requests per block, and an incremental hash costs a native context per request. Larger ones (tensors)
    // are fed to an incremental hash, so a big tensor is never copied. Both give the same digest of the same bytes.
    private const int OneShotLimit = 2048;

    private static byte[] Hash(byte[] domain, ushort netUid, SynapseType synapse, TensorPayload first, TensorPayload? second)
    {
        var length = domain.Length + 3 + TensorLength(first) + (second is null ? 0 : TensorLength(second));
        if (length <= OneShotLimit)
        {
            Span<byte> body = stackalloc byte[length];
            var written = WriteHeader(body, domain, netUid, synapse);
            written += WriteTensor(body[written..], first);
            if (second is not null) written += WriteTensor(body[written..], second);
            return SHA256.HashData(body[..written]);
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> header = stackalloc byte[domain.Length + 3 + 2 + (8 * TensorPayload.MaxRank)];
        hash.AppendData(header[..WriteHeader(header, domain, netUid, synapse)]);
        AppendTensor(hash, first, header);
        if (second is not null) AppendTensor(hash, second, header);
        return hash.GetHashAndReset();
    }

    private static int TensorLength(TensorPayload tensor) => 2 + (8 * tensor.Rank) + tensor.Data.Length;

    private static int WriteHeader(Span<byte> destination, byte[] domain, ushort netUid, SynapseType synapse)
    {
        domain.CopyTo(destination);
        BinaryPrimitives.WriteUInt16BigEndian(destination[domain.Length..], netUid);
        destination[domain.Length + 2] = (byte)synapse;
        return domain.Length + 3;
    }

    private static int WriteTensorHeader(Span<byte> destination, TensorPayload tensor)
    {
        destination[0] = (byte)tensor.DType;
        destination[1] = (byte)tensor.Rank;
        for (var i = 0; i < tensor.Rank; i++)
        {
            BinaryPrimitives.WriteInt64BigEndian(destination[(2 + (8 * i))..], tensor.Shape[i]);
        }

        return 2 + (8 * tensor.Rank);
    }

    private static int WriteTensor(Span<byte> destination, TensorPayload tensor)
    {
        var written = WriteTensorHeader(destination, tensor);
        tensor.Data.Span.CopyTo(destination[written..]);
        return written + tensor.Data.Length;
    }

    private static void AppendTensor(IncrementalHash hash, TensorPayload tensor, Span<byte> scratch)
    {
        hash.AppendData(scratch[..WriteTensorHeader(scratch, tensor)]);
        hash.AppendData(tensor.Data.Span);
    }
}
