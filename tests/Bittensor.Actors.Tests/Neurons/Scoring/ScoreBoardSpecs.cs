using Bittensor.Neurons.Scoring;

namespace Bittensor.Tests.Neurons.Scoring;

/// <summary><see cref="ScoreBoard"/> and <see cref="QueryPlan"/>: the validator's memory and its query order.</summary>
public sealed class ScoreBoardSpecs
{
    [Fact]
    public void Contributions_should_be_averaged_failures_should_decay_towards_zero_and_a_new_hotkey_should_start_over()
    {
        var board = new ScoreBoard(alpha: 0.5);
        Assert.Empty(board.Sync(["a", "b"]));

        board.Observe(0, contribution: 1.0);
        board.Observe(0, contribution: 0.0);
        board.Observe(1, contribution: 2.0);
        board.ObserveFailure(1);

        Assert.Equal(0.25, board.Score(0), 12);
        Assert.Equal(0.5, board.Score(1), 12);
        Assert.Equal((2L, 1L), board.Record(1));

        Assert.Equal([1], board.Sync(["a", "c", "d"]));
        Assert.Equal(0.25, board.Score(0), 12);
        Assert.Equal(0, board.Score(1));
        Assert.Equal((0L, 0L), board.Record(1));
        Assert.Equal(3, board.Count);
        Assert.Throws<ArgumentException>(() => board.Observe(2, double.NaN));
        Assert.Equal([1, 2], board.Sync(["a"])); // uids that left the subnet are gone too
        Assert.Equal(1, board.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScoreBoard(0));
    }

    [Fact]
    public void A_query_plan_should_query_every_candidate_once_before_any_twice_and_repeat_for_its_seed()
    {
        var candidates = Enumerable.Range(0, 10).ToHashSet();
        var plan = new QueryPlan(new Random(3));

        var round = plan.Next(candidates, 4).Concat(plan.Next(candidates, 4)).Concat(plan.Next(candidates, 2)).ToList();

        Assert.Equal(candidates.Order(), round.Order());
        var again = new QueryPlan(new Random(3));
        Assert.Equal(round.Take(4), again.Next(candidates, 4));
        Assert.Equal(3, plan.Next(new HashSet<int> { 1, 2, 3 }, 16).Count);
        Assert.Empty(plan.Next(new HashSet<int>(), 4));
    }
}
