namespace Bittensor.Runtime.Tests.Node;

// Only the refusals: a started node runs until a signal (the process specs under Faults/ send it one).
[Collection(ConsoleCollection.Name)]
public sealed class NodeCommandSpecs
{
    [Theory]
    [InlineData("--neurons", "0")]
    [InlineData("--device", "gpu")]
    [InlineData("--score-alpha", "2")]
    [InlineData("--stake", "lots")]
    [InlineData("--query-timeout", "never")]
    [InlineData("--netuid", "0")]
    public void Bad_neuron_options_should_exit_with_2_before_the_node_starts(string option, string value)
    {
        var result = RuntimeCli.Run("node", "--roles", "miner,validator", option, value, "--port", "0");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(option == "--netuid" ? "root subnet" : value, result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void A_neuron_node_with_an_unknown_wallet_should_say_so_and_stop()
    {
        using var wallets = new TempFolder();
        using var data = new TempFolder();
        var config = Path.Combine(data.Path, "fast.conf");
        File.WriteAllText(config, FastCluster.Hocon);
        var result = RuntimeCli.Run("node", "--roles", "ledger,miner", "--port", "0", "--data", data.Path, "--config", config,
            "--wallet", "nobody", "--wallet-root", wallets.Path);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("No wallet 'nobody'", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--roles", "archive")]
    [InlineData("--block-time", "soon")]
    [InlineData("--seed-nodes", "127.0.0.1:4053")]
    public void Bad_options_should_exit_with_2_and_one_line_on_standard_error(string option, string value)
    {
        var result = RuntimeCli.Run("node", option, value, "--port", "0");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(value, result.Error, StringComparison.Ordinal);
    }
}
