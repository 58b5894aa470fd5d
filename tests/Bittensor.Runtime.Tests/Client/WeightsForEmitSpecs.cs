using Bittensor.Runtime.Commands;
using Bittensor.Runtime.Commands.Client;

namespace Bittensor.Runtime.Tests.Client;

/// <summary>
/// <see cref="WeightsForEmit"/>, pure: the conversion of Bittensor's <c>convert_weights_and_uids_for_emit</c> (max
/// upscaled to 65535, rounded, zeros dropped, order kept) and the checks on what a user types.
/// </summary>
public sealed class WeightsForEmitSpecs
{
    [Fact]
    public void Weights_should_be_scaled_so_that_the_largest_is_65535_and_rounded()
    {
        var (uids, values) = WeightsForEmit.FromText("0,1,2", "0.2,0.3,0.5");
        Assert.Equal(new ushort[] { 0, 1, 2 }, uids);
        Assert.Equal(new ushort[] { 26214, 39321, 65535 }, values);

        // 0.1/0.7 × 65535 = 9362.14…, 0.2/0.7 × 65535 = 18724.28…
        Assert.Equal(new ushort[] { 9362, 18724, 65535 }, WeightsForEmit.FromText("5,3,9", "0.1,0.2,0.7").Values);
        // Only the ratios matter: any positive scale gives the same values.
        Assert.Equal(WeightsForEmit.FromText("5,3,9", "1,2,7"), WeightsForEmit.FromText("5,3,9", "0.1,0.2,0.7"), new SameEmit());
        Assert.Equal(new ushort[] { 65535 }, WeightsForEmit.FromText("7", "1e-300").Values);
        Assert.Equal(new ushort[] { 65535, 32768 }, WeightsForEmit.FromText("0,1", "2,1").Values); // 32767.5, to even
    }

    [Fact]
    public void Uids_whose_value_rounds_to_zero_should_be_dropped_and_the_order_kept()
    {
        var (uids, values) = WeightsForEmit.Convert([9, 4, 65535, 2], [1.0, 0.000007, 0.00000763, 0.0]);
        // 7e-6 × 65535 = 0.46 → 0 (dropped); 7.63e-6 × 65535 = 0.500… → 1; an explicit 0 is dropped too.
        Assert.Equal(new ushort[] { 9, 65535 }, uids);
        Assert.Equal(new ushort[] { 65535, 1 }, values);
    }

    [Theory]
    [InlineData("0,1", "1", "differ in count")]
    [InlineData("", "", "empty entries")]
    [InlineData("0,,1", "1,1,1", "--uids 0,,1")]
    [InlineData("1,1", "1,2", "uid 1 appears twice")]
    [InlineData("0,65536", "1,1", "'65536' is not a uid")]
    [InlineData("-1", "1", "'-1' is not a uid")]
    [InlineData("x", "1", "'x' is not a uid")]
    [InlineData("0,1", "1,-0.5", "-0.5 is not a finite number")]
    [InlineData("0,1", "1,NaN", "NaN is not a finite number")]
    [InlineData("0,1", "1,Infinity", "is not a finite number")]
    [InlineData("0,1", "0,0", "all zero")]
    [InlineData("0", "abc", "'abc' is not a number")]
    public void Malformed_uids_or_weights_should_throw_a_usage_error_naming_the_problem(string uids, string weights, string mentions)
    {
        var error = Assert.Throws<UsageException>(() => WeightsForEmit.FromText(uids, weights));
        Assert.Contains(mentions, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_largest_uid_should_be_accepted()
    {
        Assert.Equal(new ushort[] { 65535, 0 }, WeightsForEmit.FromText(" 65535 , 0 ", "1, 2").Uids);
    }

    private sealed class SameEmit : IEqualityComparer<(ushort[] Uids, ushort[] Values)>
    {
        public bool Equals((ushort[] Uids, ushort[] Values) x, (ushort[] Uids, ushort[] Values) y) =>
            x.Uids.SequenceEqual(y.Uids) && x.Values.SequenceEqual(y.Values);

        public int GetHashCode((ushort[] Uids, ushort[] Values) obj) => obj.Uids.Length;
    }
}
