using Bittensor.Runtime.Launcher;
using Bittensor.Runtime.Node;

namespace Bittensor.Runtime.Tests.Launcher;

public sealed class LocalClusterPlanSpecs
{
    [Fact]
    public void Three_nodes_should_be_the_ledger_the_validators_and_the_miners_on_consecutive_ports()
    {
        var plan = LocalClusterPlan.Create(nodes: 3, miners: 8, validators: 2, basePort: 4053);

        Assert.Equal([4053, 4054, 4055], plan.Nodes.Select(n => n.Port));
        Assert.Equal([NodeRole.Ledger], plan.Nodes[0].Roles);
        Assert.Equal([NodeRole.Validator], plan.Nodes[1].Roles);
        Assert.Equal(2, plan.Nodes[1].Neurons);
        Assert.Equal([NodeRole.Miner], plan.Nodes[2].Roles);
        Assert.Equal(8, plan.Nodes[2].Neurons);
        Assert.Equal("akka.tcp://bittensor@127.0.0.1:4053", plan.SeedAddress);
        Assert.Equal(["node0", "node1", "node2"], plan.Nodes.Select(n => n.Wallet));
    }

    [Fact]
    public void Two_nodes_should_put_the_validators_beside_the_ledger()
    {
        var plan = LocalClusterPlan.Create(nodes: 2, miners: 3, validators: 1, basePort: 5000);
        Assert.Equal([NodeRole.Ledger, NodeRole.Validator], plan.Nodes[0].Roles);
        Assert.Equal(1, plan.Nodes[0].Neurons);
        Assert.Equal([NodeRole.Miner], plan.Nodes[1].Roles);
        Assert.Equal(3, plan.Nodes[1].Neurons);
    }

    [Fact]
    public void Miners_should_be_spread_evenly_the_first_nodes_taking_the_remainder()
    {
        var plan = LocalClusterPlan.Create(nodes: 5, miners: 8, validators: 2, basePort: 4053);
        Assert.Equal([3, 3, 2], plan.Nodes.Skip(2).Select(n => n.Neurons));
        Assert.Equal(8, plan.Nodes.Where(n => n.Roles.Contains(NodeRole.Miner)).Sum(n => n.Neurons));
    }

    [Theory]
    [InlineData(1, 8, 2, 4053, "--nodes")]
    [InlineData(3, 0, 2, 4053, "--miners")]
    [InlineData(3, 8, 0, 4053, "--validators")]
    [InlineData(5, 2, 1, 4053, "--miners 2 cannot fill 3")]
    [InlineData(3, 8, 2, 65500, "--base-port")]
    public void An_impossible_layout_should_be_refused_naming_the_option(int nodes, int miners, int validators, int basePort, string expected)
    {
        var ex = Assert.Throws<ArgumentException>(() => LocalClusterPlan.Create(nodes, miners, validators, basePort));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_node_command_line_should_parse_as_the_node_command_reads_it()
    {
        var plan = LocalClusterPlan.Create(nodes: 3, miners: 8, validators: 2, basePort: 4053);
        var settings = new LocalClusterSettings("/tmp/up", TimeSpan.FromMilliseconds(250), Tempo: 20, Device: "cpu");

        var ledger = LocalCluster.Arguments(plan, plan.Nodes[0], settings);
        Assert.Equal(["node", "--roles", "ledger", "--port", "4053", "--block-time", "250ms", "--data", "/tmp/up/ledger", "--faucet-tao", "1000000"], ledger);

        var validators = LocalCluster.Arguments(plan, plan.Nodes[1], settings);
        Assert.Contains("--seed-nodes", validators);
        Assert.Equal("1000", validators[validators.ToList().IndexOf("--stake") + 1]);
        Assert.Equal("20", validators[validators.ToList().IndexOf("--weights-every") + 1]);

        // Each line is valid for the real parser (no option it does not know, every value accepted).
        var root = new System.CommandLine.RootCommand { Bittensor.Runtime.Commands.NodeCommand.Create() };
        foreach (var node in plan.Nodes)
        {
            var parsed = root.Parse([.. LocalCluster.Arguments(plan, node, settings)]);
            Assert.True(parsed.Errors.Count == 0, string.Join("; ", parsed.Errors.Select(e => e.Message)));
        }

        Assert.DoesNotContain("--stake", LocalCluster.Arguments(plan, plan.Nodes[2], settings));
    }
}
