using Bittensor.Sim.Sweeps;

namespace Bittensor.Sim.Tests.Sweeps;

/// <summary>
/// The grid text of <c>sweep --grid</c>: parameters and values checked against the ledger's hyperparameters, fractions
/// scaled to the chain's integers, combinations in one fixed order, and every problem named.
/// </summary>
public sealed class SweepGridSpecs
{
    private static SweepGrid Valid(string text)
    {
        var (grid, error) = SweepGrid.Parse(text);
        Assert.Null(error);
        return grid!;
    }

    private static string Invalid(string text)
    {
        var (grid, error) = SweepGrid.Parse(text);
        Assert.Null(grid);
        return error!;
    }

    [Fact]
    public void A_two_parameter_grid_should_combine_its_values_with_the_first_parameter_outermost()
    {
        var grid = Valid(" kappa = 32767, 40000 ; bonds_moving_average=900000,950000,975000 ");

        Assert.Equal(["kappa", "bonds_moving_average"], grid.Parameters.Select(p => p.Name));
        Assert.Equal(
            ["32767/900000", "32767/950000", "32767/975000", "40000/900000", "40000/950000", "40000/975000"],
            grid.Points.Select(p => string.Join("/", p.Hyperparameters.Select(h => h.Value))));
        Assert.Equal(Enumerable.Range(0, 6), grid.Points.Select(p => p.Index));
        Assert.Equal([1, 2], grid.Points[5].Indices);
    }

    [Fact]
    public void A_one_parameter_grid_should_give_one_point_per_value()
    {
        var grid = Valid("yuma3_enabled=true,false");

        Assert.Equal([("yuma3_enabled", "true"), ("yuma3_enabled", "false")], grid.Points.Select(p => p.Hyperparameters.Single()));
    }

    [Theory]
    [InlineData("kappa", "0.3", "19661")]
    [InlineData("kappa", "0.5", "32768")]
    [InlineData("kappa", "1.0", "65535")]
    [InlineData("kappa", "0.0", "0")]
    [InlineData("bonds_penalty", "0.25", "16384")]
    [InlineData("bonds_moving_average", "0.975", "975000")]
    [InlineData("kappa", "19661", "19661")]
    public void A_fraction_should_be_scaled_to_the_integer_the_chain_stores_and_keep_its_label(string name, string label, string ledger)
    {
        var value = Valid($"{name}={label}").Parameters[0].Values.Single();

        Assert.Equal(new SweepValue(label, ledger), value);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("kapa=1,2", "Unknown hyperparameter 'kapa'. Valid names: tempo, activity_cutoff_blocks, kappa")]
    [InlineData("kappa=1,x", "kappa = x")]
    [InlineData("kappa=70000", "kappa = 70000")]
    [InlineData("kappa=1.5", "kappa = 1.5: a fraction must lie in [0, 1]")]
    [InlineData("rho=0.5", "rho = 0.5: rho takes whole numbers")]
    [InlineData("kappa=1,,2", "kappa has an empty value")]
    [InlineData("kappa", "'kappa' is not name=v1,v2")]
    [InlineData("kappa=1;kappa=2", "kappa appears twice")]
    [InlineData("kappa=0.5,32768", "kappa lists 0.5 and 32768, the same value (32768)")]
    [InlineData("kappa=1;rho=1;bonds_penalty=1", "varies 3 parameters but a sweep varies at most 2")]
    [InlineData("tempo=10,20", "tempo cannot be swept")]
    public void A_bad_grid_should_be_refused_with_the_problem_named(string text, string problem)
    {
        Assert.Contains(problem, Invalid(text), StringComparison.Ordinal);
    }
}
