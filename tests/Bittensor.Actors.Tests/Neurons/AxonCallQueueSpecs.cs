using Bittensor.Neurons;

namespace Bittensor.Tests.Neurons;

/// <summary><see cref="AxonCallQueue{T}"/> alone: order by priority then arrival, the bound, displacement, removal.</summary>
public sealed class AxonCallQueueSpecs
{
    private static List<string> Drain(AxonCallQueue<string> queue)
    {
        var served = new List<string>();
        while (queue.TryDequeue(out var next))
        {
            served.Add(next.Call);
        }

        return served;
    }

    [Fact]
    public void Calls_should_be_served_by_priority_higher_first_and_ties_in_arrival_order()
    {
        var queue = new AxonCallQueue<string>(10);
        queue.Enqueue("low", 1, out _);
        queue.Enqueue("high-1", 100, out _);
        queue.Enqueue("medium", 50, out _);
        queue.Enqueue("high-2", 100, out _);
        queue.Enqueue("negative", -5, out _);
        queue.Enqueue("high-3", 100, out _);

        Assert.Equal(6, queue.Count);
        Assert.Equal(["high-1", "high-2", "high-3", "medium", "low", "negative"], Drain(queue));
        Assert.Equal(0, queue.Count);
        Assert.False(queue.TryDequeue(out _));
    }

    [Fact]
    public void A_nan_priority_should_count_as_the_lowest()
    {
        var queue = new AxonCallQueue<string>(10);
        var nan = queue.Enqueue("nan", double.NaN, out _);
        queue.Enqueue("very-low", double.MinValue, out _);
        queue.Enqueue("minus-infinity", double.NegativeInfinity, out _);

        Assert.Equal(double.NegativeInfinity, nan!.Priority);
        Assert.Equal(["very-low", "nan", "minus-infinity"], Drain(queue));
    }

    [Fact]
    public void A_full_queue_should_refuse_a_newcomer_of_equal_or_lower_priority()
    {
        var queue = new AxonCallQueue<string>(2);
        queue.Enqueue("a", 5, out _);
        queue.Enqueue("b", 3, out _);

        Assert.Null(queue.Enqueue("equal-to-lowest", 3, out var displaced));
        Assert.Null(displaced);
        Assert.Null(queue.Enqueue("lower", 1, out displaced));
        Assert.Null(displaced);
        Assert.Equal(["a", "b"], Drain(queue));
    }

    [Fact]
    public void A_full_queue_should_push_out_the_latest_of_the_lowest_for_a_higher_newcomer()
    {
        var queue = new AxonCallQueue<string>(3);
        queue.Enqueue("high", 9, out _);
        queue.Enqueue("low-first", 1, out _);
        queue.Enqueue("low-second", 1, out _);

        var queued = queue.Enqueue("medium", 5, out var displaced);

        Assert.NotNull(queued);
        Assert.Equal("low-second", displaced!.Call);
        Assert.Equal(3, queue.Count);
        Assert.Equal(["high", "medium", "low-first"], Drain(queue));
    }

    [Fact]
    public void A_queue_of_capacity_zero_should_refuse_every_call()
    {
        var queue = new AxonCallQueue<string>(0);

        Assert.Null(queue.Enqueue("any", double.PositiveInfinity, out var displaced));
        Assert.Null(displaced);
        Assert.Equal(0, queue.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => new AxonCallQueue<string>(-1));
    }

    [Fact]
    public void A_call_removed_by_its_sequence_should_not_be_served_and_cannot_be_removed_twice()
    {
        var queue = new AxonCallQueue<string>(4);
        var first = queue.Enqueue("first", 1, out _)!;
        var second = queue.Enqueue("second", 1, out _)!;
        queue.Enqueue("third", 1, out _);

        Assert.True(queue.TryRemove(second.Sequence, out var removed));
        Assert.Same(second, removed);
        Assert.False(queue.TryRemove(second.Sequence, out _));
        Assert.True(queue.TryDequeue(out var served));
        Assert.Same(first, served);
        Assert.False(queue.TryRemove(first.Sequence, out _)); // already served
        Assert.Equal(["third"], Drain(queue));
    }

    [Fact]
    public void Arrival_numbers_should_keep_increasing_and_a_refused_call_should_take_none()
    {
        var queue = new AxonCallQueue<string>(1);
        var a = queue.Enqueue("a", 1, out _)!;
        Assert.Null(queue.Enqueue("refused", 1, out _));
        queue.TryDequeue(out _);
        var b = queue.Enqueue("b", 1, out _)!;

        Assert.Equal(0, a.Sequence);
        Assert.Equal(1, b.Sequence);
    }
}
