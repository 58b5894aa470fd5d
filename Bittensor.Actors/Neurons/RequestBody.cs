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
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendHeader(hash, ForwardDomain, netUid, synapse);
        AppendTensor(hash, inputs);
        return hash.GetHashAndReset();
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
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendHeader(hash, BackwardDomain, netUid, synapse);
        AppendTensor(hash, inputs);
        AppendTensor(hash, gradients);
        return hash.GetHashAndReset();
    }

    /// <summary>The body hash of a backward request (its credential aside).</summary>
    public static byte[] BackwardHash(BackwardRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return BackwardHash(request.NetUid, request.Synapse, request.Inputs, request.Gradients);
    }

    private static void AppendHeader(IncrementalHash hash, byte[] domain, ushort netUid, SynapseType synapse)
    {
        hash.AppendData(domain);
        Span<byte> header = stackalloc byte[3];
        BinaryPrimitives.WriteUInt16BigEndian(header, netUid);
        header[2] = (byte)synapse;
        hash.AppendData(header);
    }

    private static void AppendTensor(IncrementalHash hash, TensorPayload tensor)
    {
        Span<byte> head = stackalloc byte[2 + (8 * TensorPayload.MaxRank)];
        head[0] = (byte)tensor.DType;
        head[1] = (byte)tensor.Rank;
        for (var i = 0; i < tensor.Rank; i++)
        {
            BinaryPrimitives.WriteInt64BigEndian(head[(2 + (8 * i))..], tensor.Shape[i]);
        }

        hash.AppendData(head[..(2 + (8 * tensor.Rank))]);
        hash.AppendData(tensor.Data.Span);
    }
}
