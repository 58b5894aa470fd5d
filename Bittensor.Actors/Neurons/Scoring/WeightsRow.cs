namespace Bittensor.Neurons.Scoring;

/// <summary>A validator's weights as <c>set_weights</c> takes them: uids (ascending) and their u16 values.</summary>
public sealed record WeightsRow(ushort[] Uids, ushort[] Values);
