using Bittensor.Models;
using static TorchSharp.torch;

namespace Bittensor.Tests.Models;

[Collection(TorchCollection.Name)]
public sealed class FeedForwardModelSpecs
{
    private const long Batch = 8;
    private const long InputSize = 16;
    private const long HiddenSize = 32;
    private const long OutputSize = 4;

    [Fact]
    public void Forward_should_return_finite_batch_by_output_tensor_when_given_a_batch_of_inputs()
    {
        using var scope = NewDisposeScope();
        using var model = new FeedForwardModel(InputSize, HiddenSize, OutputSize);
        var input = randn(Batch, InputSize);

        var output = model.forward(input);

        Assert.Equal([Batch, OutputSize], output.shape);
        Assert.Equal(ScalarType.Float32, output.dtype);
        Assert.True(isfinite(output).all().item<bool>(), "forward produced NaN or infinity");
    }

    [Fact]
    public void Forward_should_give_identical_outputs_when_model_and_input_come_from_the_same_seed()
    {
        var first = RunSeeded(TorchFixture.Seed);
        var second = RunSeeded(TorchFixture.Seed);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Forward_should_give_different_outputs_when_seeds_differ()
    {
        var first = RunSeeded(TorchFixture.Seed);
        var second = RunSeeded(TorchFixture.Seed + 1);

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Parameters_should_be_named_after_layers_when_model_is_created()
    {
        using var model = new FeedForwardModel(InputSize, HiddenSize, OutputSize);

        var names = model.named_parameters().Select(p => p.name).ToArray();

        Assert.Equal(["hidden.weight", "hidden.bias", "output.weight", "output.bias"], names);
    }

    [Theory]
    [InlineData(0, HiddenSize, OutputSize)]
    [InlineData(InputSize, 0, OutputSize)]
    [InlineData(InputSize, HiddenSize, -1)]
    public void Constructor_should_reject_sizes_when_any_is_not_positive(long input, long hidden, long output)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FeedForwardModel(input, hidden, output));
    }

    // Seeds the global generator, then builds the model and its input from it, so both weights and data repeat.
    private static float[] RunSeeded(long seed)
    {
        using var scope = NewDisposeScope();
        manual_seed(seed);
        using var model = new FeedForwardModel(InputSize, HiddenSize, OutputSize);
        var input = randn(Batch, InputSize);

        using (no_grad())
        {
            return model.forward(input).data<float>().ToArray();
        }
    }
}
