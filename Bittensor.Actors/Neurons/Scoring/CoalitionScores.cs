namespace Bittensor.Neurons.Scoring;

/// <summary>What <see cref="GatedCoalition.Evaluate"/> found for one batch; arrays are in the order of the answers.</summary>
public sealed class CoalitionScores
{
    internal CoalitionScores(int count, double emptyLoss)
    {
        EmptyLoss = emptyLoss;
        OwnLoss = new double[count];
        LeaveOneOut = new double[count];
        Contribution = new double[count];
        GateGradient = new double[count];
        GateWeight = new double[count];
    }

    /// <summary>The mean squared error of answering zeros: the empty coalition's loss.</summary>
    public double EmptyLoss { get; }

    /// <summary>The mean squared error of the gated mixture of all answers.</summary>
    public double JoinedLoss { get; internal set; }

    /// <summary>Each responder's own mean squared error.</summary>
    public double[] OwnLoss { get; }

    /// <summary>How much the joined loss rises without each responder (positive: it helped).</summary>
    public double[] LeaveOneOut { get; }

    /// <summary>The average of the base value (<c>EmptyLoss − OwnLoss</c>) and <see cref="LeaveOneOut"/>: the score of the batch.</summary>
    public double[] Contribution { get; }

    /// <summary>∂JoinedLoss/∂(gate logit) of each responder: the direction the gate learns in.</summary>
    public double[] GateGradient { get; }

    /// <summary>Each responder's share of the joined answer.</summary>
    public double[] GateWeight { get; }
}
