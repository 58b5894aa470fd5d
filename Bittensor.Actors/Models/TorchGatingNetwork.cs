using System.Runtime.InteropServices;
using Bittensor.Neurons.Scoring;
using Bittensor.Protocol;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Bittensor.Models;

/// <summary>
/// core_validator's gating network ("SGMoE", bittensor-reference.md §12.4): the gate's logits depend on the batch,
/// so a validator can learn which miners to trust for which inputs. Token embedding → mean over the sequence (the
/// last token's causal context) → Linear → Tanh → Linear to one routing score per uid; the logits of a batch are
/// those scores averaged over its rows, as core_validator averages over the batch. It learns by SGD on the surrogate
/// <c>Σ_j gradient_j · logit_j</c>, whose gradient through the network is the chain rule through the caller's
/// ∂loss/∂logit. Plain SGD, not Adam: it keeps no per-parameter state, so <see cref="Reset"/> forgets a uid entirely
/// by zeroing its output row. Not thread-safe (one validator's); TorchSharp's generator is process-global, so
/// construction is not either.
/// </summary>
public sealed class TorchGatingNetwork : IGate, IDisposable
{
    private readonly Router router;
    private readonly optim.Optimizer optimizer;

    /// <summary>Creates a gate for uids below <paramref name="maxUids"/>, over token ids below <paramref name="vocabulary"/>.</summary>
    /// <param name="vocabulary">Distinct token ids of the batches (a <see cref="TeacherTask"/>'s <see cref="TeacherTask.Vocabulary"/>).</param>
    /// <param name="maxUids">One more than the largest uid it routes to (the subnet's <c>max_allowed_uids</c>).</param>
    /// <param name="width">Embedding and hidden units.</param>
    /// <param name="device">Where the weights live (<see cref="TorchDevice.Resolve(string)"/>).</param>
    /// <param name="seed">The initial weights come from this seed alone.</param>
    /// <param name="learningRate">The SGD step size.</param>
    public TorchGatingNetwork(int vocabulary, int maxUids, int width, Device device, int seed, double learningRate = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(vocabulary);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxUids);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentNullException.ThrowIfNull(device);
        if (!(learningRate >= 0 && double.IsFinite(learningRate)))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The gate's learning rate is finite and non-negative.");
        }

        Vocabulary = vocabulary;
        MaxUids = maxUids;
        Device = device;
        LearningRate = learningRate;
        // TorchSharp's generator is global, so it is set and used here, under no_grad as TorchMinerModel does.
        using (var _ = no_grad())
        {
            manual_seed(seed);
            router = new Router(vocabulary, width, maxUids, device);
        }

        optimizer = optim.SGD(router.parameters(), learningRate);
    }

    /// <summary>Distinct token ids accepted: inputs lie in [0, Vocabulary).</summary>
    public int Vocabulary { get; }

    /// <summary>Uids routed to lie in [0, MaxUids).</summary>
    public int MaxUids { get; }

    /// <summary>Where the weights live.</summary>
    public Device Device { get; }

    /// <summary>The SGD step size.</summary>
    public double LearningRate { get; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The inputs are not int64 <c>[batch, seq]</c> token ids below <see cref="Vocabulary"/>, or a uid is outside [0, <see cref="MaxUids"/>).</exception>
    public double[] Logits(TensorPayload inputs, IReadOnlyList<int> uids)
    {
        CheckInputs(inputs);
        var indices = CheckUids(uids);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var logits = BatchLogits(inputs, indices).to_type(ScalarType.Float64).cpu();
        return logits.data<double>().ToArray();
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">As <see cref="Logits"/>; or the gradient is not one finite number per uid.</exception>
    public void Learn(TensorPayload inputs, IReadOnlyList<int> uids, ReadOnlySpan<double> gradient)
    {
        CheckInputs(inputs);
        var indices = CheckUids(uids);
        if (gradient.Length != indices.Length)
        {
            throw new ArgumentException($"{indices.Length} uids but {gradient.Length} gradients.", nameof(gradient));
        }

        var weights = new float[gradient.Length];
        for (var j = 0; j < gradient.Length; j++)
        {
            weights[j] = double.IsFinite(gradient[j]) ? (float)gradient[j] : throw new ArgumentException("Gate gradients are finite numbers.", nameof(gradient));
        }

        if (indices.Length == 0)
        {
            return;
        }

        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        // ∂(Σ_j g_j · logit_j)/∂θ = Σ_j g_j · ∂logit_j/∂θ: the caller's ∂loss/∂θ.
        (BatchLogits(inputs, indices) * tensor(weights, device: Device)).sum().backward();
        optimizer.step();
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException"><paramref name="uid"/> is outside [0, <see cref="MaxUids"/>).</exception>
    public void Reset(int uid)
    {
        CheckUid(uid);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        // A zero row scores the uid 0 for every input, as the vector gate scores a new uid; the shared layers keep what
        // they learned about the inputs, which belongs to no one miner.
        router.Forget(uid);
    }

    public void Dispose()
    {
        optimizer.Dispose();
        router.Dispose();
    }

    /// <summary>The batch's routing scores of <paramref name="uids"/>: the network's output averaged over the rows.</summary>
    private Tensor BatchLogits(TensorPayload inputs, long[] uids) =>
        router.forward(inputs.ToTensor(Device)).mean([0]).index_select(0, tensor(uids, device: Device));

    private void CheckInputs(TensorPayload inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.DType != TensorDType.Int64 || inputs.Rank != 2 || inputs.ElementCount == 0)
        {
            throw new ArgumentException($"The gate takes int64 token ids [batch, seq]; got {inputs}.", nameof(inputs));
        }

        // Checked here: libtorch would abort the process on an index outside the embedding, not throw.
        foreach (var token in MemoryMarshal.Cast<byte, long>(inputs.Data.Span))
        {
            if ((ulong)token >= (ulong)Vocabulary)
            {
                throw new ArgumentException($"Token id {token} is outside the gate's vocabulary [0, {Vocabulary}).", nameof(inputs));
            }
        }
    }

    private long[] CheckUids(IReadOnlyList<int> uids)
    {
        ArgumentNullException.ThrowIfNull(uids);
        var indices = new long[uids.Count];
        for (var j = 0; j < uids.Count; j++)
        {
            CheckUid(uids[j]);
            indices[j] = uids[j];
        }

        return indices;
    }

    private void CheckUid(int uid)
    {
        if ((uint)uid >= (uint)MaxUids)
        {
            throw new ArgumentException($"Uid {uid} is outside the gate's [0, {MaxUids}): build it with a larger maxUids (the subnet's max_allowed_uids).", nameof(uid));
        }
    }

    /// <summary>The network: routing scores <c>[batch, maxUids]</c> of token ids <c>[batch, seq]</c>.</summary>
    private sealed class Router : nn.Module<Tensor, Tensor>
    {
        private readonly Embedding embed;
        private readonly Linear hidden;
        private readonly Linear gates;

        public Router(int vocabulary, int width, int maxUids, Device device) : base(nameof(Router))
        {
            embed = nn.Embedding(vocabulary, width, device: device);
            hidden = nn.Linear(width, width, device: device);
            gates = nn.Linear(width, maxUids, device: device);
            RegisterComponents();
        }

        public override Tensor forward(Tensor tokens)
        {
            using var scope = NewDisposeScope();
            var context = embed.forward(tokens).mean([1]);                         // [B, W]
            return gates.forward(tanh(hidden.forward(context))).MoveToOuterDisposeScope();
        }

        public void Forget(int uid)
        {
            gates.weight![uid].zero_();
            gates.bias![uid].zero_();
        }
    }
}
