using Bittensor.Runtime.Node;

namespace Bittensor.Runtime.Tests.Node;

public sealed class NodeOptionsSpecs
{
    [Fact]
    public void Roles_should_be_split_on_commas_deduplicated_and_put_in_canonical_order()
    {
        var options = NodeOptions.Create(["validator,ledger", "LEDGER"]);
        Assert.Equal(["ledger", "validator"], options.Roles);
        Assert.Equal(NodeOptions.DefaultHost, options.Host);
        Assert.Equal(NodeOptions.DefaultPort, options.Port);
        Assert.Empty(options.SeedNodes);
        Assert.Equal(NodeOptions.DefaultBlockTime, options.BlockTime);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" , ")]
    public void No_role_should_be_refused(string roles)
    {
        var ex = Assert.Throws<ArgumentException>(() => NodeOptions.Create([roles]));
        Assert.Contains("--roles", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_role_should_be_named_in_the_error()
    {
        var ex = Assert.Throws<ArgumentException>(() => NodeOptions.Create(["ledger,archive"]));
        Assert.Contains("archive", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(65536)]
    public void A_port_outside_the_tcp_range_should_be_refused(int port) =>
        Assert.Throws<ArgumentException>(() => NodeOptions.Create(["ledger"], port: port));

    [Theory]
    [InlineData("127.0.0.1:4053")]
    [InlineData("akka.tcp://other@127.0.0.1:4053")]
    [InlineData("akka.tcp://bittensor@127.0.0.1")]
    [InlineData("http://bittensor@127.0.0.1:4053")]
    [InlineData("akka.tcp://bittensor@127.0.0.1:4053/user/x")]
    public void A_seed_node_that_is_not_a_node_address_should_be_refused(string seed)
    {
        var ex = Assert.Throws<ArgumentException>(() => NodeOptions.Create(["ledger"], seedNodes: [seed]));
        Assert.Contains(seed, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Seed_nodes_should_accept_several_addresses_and_comma_lists()
    {
        var options = NodeOptions.Create(["ledger"], seedNodes: ["akka.tcp://bittensor@127.0.0.1:4053,akka.tcp://bittensor@10.0.0.2:4054", "akka.tcp://bittensor@node3:4055"]);
        Assert.Equal(["akka.tcp://bittensor@127.0.0.1:4053", "akka.tcp://bittensor@10.0.0.2:4054", "akka.tcp://bittensor@node3:4055"], options.SeedNodes);
    }

    [Theory]
    [InlineData("12s", 12_000)]
    [InlineData("500ms", 500)]
    [InlineData("1m", 60_000)]
    [InlineData("0.25", 250)]
    public void Block_time_should_parse_seconds_milliseconds_and_minutes(string text, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), NodeOptions.ParseBlockTime(text));

    [Theory]
    [InlineData("abc")]
    [InlineData("0s")]
    [InlineData("-1")]
    public void A_block_time_that_is_not_a_positive_duration_should_be_refused(string text) =>
        Assert.Throws<ArgumentException>(() => NodeOptions.ParseBlockTime(text));

    [Fact]
    public void A_block_time_under_ten_milliseconds_should_be_refused() =>
        Assert.Throws<ArgumentException>(() => NodeOptions.Create(["ledger"], blockTime: TimeSpan.FromMilliseconds(1)));

    [Fact]
    public void A_missing_config_file_should_be_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => NodeOptions.Create(["ledger"], configFile: "/no/such/node.conf"));
        Assert.Contains("/no/such/node.conf", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_ledger_database_should_live_in_the_data_folder()
    {
        using var folder = new TempFolder();
        var options = NodeOptions.Create(["ledger"], dataDirectory: folder.Path);
        Assert.Equal(Path.Combine(folder.Path, "ledger.db"), options.LedgerDatabasePath);
    }
}
