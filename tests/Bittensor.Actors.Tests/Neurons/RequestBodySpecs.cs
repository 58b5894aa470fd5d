using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Bittensor.Neurons;
using Bittensor.Protocol;

namespace Bittensor.Tests.Neurons;

/// <summary>
/// <see cref="RequestBody"/> hashes exactly the layout its summary documents, for small bodies (hashed in one call)
/// and large ones (hashed incrementally) alike: both ends of a call must agree byte for byte.
/// </summary>
public sealed class RequestBodySpecs
{
    [Theory]
    [InlineData(3)]      // a few bytes: the one-shot path
    [InlineData(4096)]   // above the one-shot limit: the incremental path
    public void Hashes_should_follow_the_documented_layout(int elements)
    {
        var inputs = Tensor(elements, 1);
        var gradients = Tensor(elements, 2);

        Assert.Equal(Expected("bittensor-forward-v1", 7, SynapseType.TextCausalLM, inputs), RequestBody.ForwardHash(7, SynapseType.TextCausalLM, inputs));
        Assert.Equal(Expected("bittensor-backward-v1", 7, SynapseType.TextCausalLM, inputs, gradients),
            RequestBody.BackwardHash(7, SynapseType.TextCausalLM, inputs, gradients));
    }

    private static TensorPayload Tensor(int elements, int seed)
    {
        var bytes = new byte[elements * 4];
        new Random(seed).NextBytes(bytes);
        return TensorPayload.Create(TensorDType.Int32, [1, elements], bytes);
    }

    private static byte[] Expected(string domain, ushort netUid, SynapseType synapse, params TensorPayload[] tensors)
    {
        var body = new List<byte>(Encoding.ASCII.GetBytes(domain));
        var u16 = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(u16, netUid);
        body.AddRange(u16);
        body.Add((byte)synapse);
        foreach (var tensor in tensors)
        {
            body.Add((byte)tensor.DType);
            body.Add((byte)tensor.Rank);
            foreach (var dimension in tensor.Shape)
            {
                var i64 = new byte[8];
                BinaryPrimitives.WriteInt64BigEndian(i64, dimension);
                body.AddRange(i64);
            }

            body.AddRange(tensor.Data.ToArray());
        }

        return SHA256.HashData(body.ToArray());
    }
}
