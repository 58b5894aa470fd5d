using Bittensor.Identity;
using Bittensor.Protocol;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Bittensor.Models;

/// <summary>
/// A real miner: a TorchSharp network (token embedding → causal mean over the prefix → Linear → Tanh → Linear) that
/// learns to imitate a <see cref="TeacherTask"/>, on the device it is given (<see cref="TorchDevice.Resolve(string)"/>:
/// cuda when present, else cpu). It trains locally with <see cref="Train"/> (Adam on the teacher's answers, as
/// Bittensor miners train on their dataset) and, when validators send gradients, from them too (Bittensor's
/// <c>--neuron.remote_train</c>: plain SGD on ∂loss/∂output). One call at a time: forward, backward and training
/// share the weights and the optimizer.
/// </summary>
public sealed class TorchMinerModel : IMinerModel, IDisposable
{
    private readonly Lock gate = new();
    private readonly TeacherTask task;
    private readonly Student student;
    private readonly optim.Optimizer optimizer;

    /// <summary>Creates an untrained student of <paramref name="task"/> with <paramref name="width"/> hidden units.</summary>
    public TorchMinerModel(TeacherTask task, int width, Device device, int seed, double learningRate = 0.01, double remoteLearningRate = 0.01)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        if (!(learningRate > 0 && double.IsFinite(learningRate)) || !(remoteLearningRate >= 0 && double.IsFinite(remoteLearningRate)))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), "Learning rates are finite; the local one positive, the remote one non-negative.");
        }

        this.task = task;
        Device = device;
        RemoteLearningRate = remoteLearningRate;
        // The initial weights come from this seed alone (TorchSharp's generator is global, so it is set and used here).
        using (var _ = no_grad())
        {
            manual_seed(seed);
            student = new Student(task.Vocabulary, width, task.HiddenSize, device);
        }

        optimizer = optim.Adam(student.parameters(), learningRate);
    }

    /// <summary>Where the weights live.</summary>
    public Device Device { get; }

    /// <summary>The step size of learning from validators' gradients (0: ignore them).</summary>
    public double RemoteLearningRate { get; }

    /// <inheritdoc/>
    public bool AcceptsGradients => RemoteLearningRate > 0;

    /// <summary>
    /// Trains for <paramref name="steps"/> Adam steps on batches of <paramref name="batchSize"/> drawn from
    /// <paramref name="random"/> and answered by the teacher; returns the mean squared error of the last step.
    /// </summary>
    public double Train(int steps, int batchSize, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        ArgumentNullException.ThrowIfNull(random);
        var last = double.NaN;
        lock (gate)
        {
            for (var step = 0; step < steps; step++)
            {
                using var scope = NewDisposeScope();
                var inputs = task.SampleInputs(random, batchSize);
                var targets = tensor(task.Targets(inputs), task.OutputShape(inputs), device: Device);
                optimizer.zero_grad();
                var loss = nn.functional.mse_loss(student.forward(inputs.ToTensor(Device)), targets);
                loss.backward();
                optimizer.step();
                last = loss.item<float>();
            }
        }

        return last;
    }

    /// <summary>The mean squared error against the teacher on a fresh batch (no learning).</summary>
    public double Evaluate(int batchSize, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var inputs = task.SampleInputs(random, batchSize);
        var targets = task.Targets(inputs);
        var outputs = Forward(Address.FromPublicKey(new byte[Keypair.PublicKeyLength]), inputs, CancellationToken.None);
        var answer = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(outputs.Data.Span);
        var sum = 0.0;
        for (var i = 0; i < targets.Length; i++)
        {
            sum += (answer[i] - targets[i]) * (double)(answer[i] - targets[i]);
        }

        return sum / targets.Length;
    }

    /// <inheritdoc/>
    public TensorPayload Forward(Address caller, TensorPayload inputs, CancellationToken cancellationToken)
    {
        task.OutputShape(inputs); // refuses what the teacher would not take (dtype, rank, token range), before libtorch sees it
        lock (gate)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            return TensorPayload.FromTensor(student.forward(inputs.ToTensor(Device)));
        }
    }

    /// <inheritdoc/>
    public void Backward(Address caller, TensorPayload inputs, TensorPayload gradients, CancellationToken cancellationToken)
    {
        var shape = task.OutputShape(inputs);
        if (gradients.DType != TensorDType.Float32 || !gradients.Shape.AsSpan().SequenceEqual(shape))
        {
            throw new ArgumentException($"Gradients must be float32 [{string.Join(", ", shape)}]; got {gradients}.", nameof(gradients));
        }

        if (!AcceptsGradients)
        {
            throw new NotSupportedException("This miner does not learn from validators' gradients.");
        }

        lock (gate)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var grad = gradients.ToTensor(Device);
            if (!grad.isfinite().all().item<bool>())
            {
                throw new ArgumentException("Gradients hold NaN or infinite values.", nameof(gradients));
            }

            student.zero_grad();
            // d(Σ output·grad)/dθ is the chain rule through the caller's ∂loss/∂output.
            (student.forward(inputs.ToTensor(Device)) * grad).sum().backward();
            using var _ = no_grad();
            foreach (var parameter in student.parameters())
            {
                if (parameter.grad is { } g)
                {
                    parameter.sub_(g * RemoteLearningRate);
                }
            }
        }
    }

    public void Dispose()
    {
        optimizer.Dispose();
        student.Dispose();
    }

    /// <summary>The network: the teacher's shape of computation with learned weights.</summary>
    private sealed class Student : nn.Module<Tensor, Tensor>
    {
        private readonly Embedding embed;
        private readonly Linear hidden;
        private readonly Linear output;

        public Student(int vocabulary, int width, int outputs, Device device) : base(nameof(Student))
        {
            embed = nn.Embedding(vocabulary, width, device: device);
            hidden = nn.Linear(width, width, device: device);
            output = nn.Linear(width, outputs, device: device);
            RegisterComponents();
        }

        public override Tensor forward(Tensor tokens)
        {
            using var scope = NewDisposeScope();
            var embedded = embed.forward(tokens);                                  // [B, S, W]
            var counts = arange(1, tokens.shape[1] + 1, dtype: ScalarType.Float32, device: tokens.device).view(1, -1, 1);
            var prefixMean = embedded.cumsum(1) / counts;                          // causal mean, as the teacher's
            return output.forward(tanh(hidden.forward(prefixMean))).MoveToOuterDisposeScope();
        }
    }
}
