namespace Bittensor.Protocol;

/// <summary>
/// Bittensor's return codes, with the names and numbers of the gRPC-era protocol (bittensor-reference.md §3.3,
/// numbering since 2021-10-07). The numbers are the wire encoding: never renumber or reuse one.
/// </summary>
public enum ReturnCode
{
    /// <summary>No code was set: the call has not returned (the proto default).</summary>
    NoReturn = 0,

    /// <summary>The call succeeded.</summary>
    Success = 1,

    /// <summary>The call did not complete within its timeout.</summary>
    Timeout = 2,

    /// <summary>The callee asked the caller to back off (it is rate-limiting or busy).</summary>
    Backoff = 3,

    /// <summary>The endpoint could not be reached.</summary>
    Unavailable = 4,

    /// <summary>The callee does not implement the requested call or synapse.</summary>
    NotImplemented = 5,

    /// <summary>The request carried no tensors.</summary>
    EmptyRequest = 6,

    /// <summary>The response carried no tensors.</summary>
    EmptyResponse = 7,

    /// <summary>The response was malformed or did not match the request.</summary>
    InvalidResponse = 8,

    /// <summary>The request was malformed.</summary>
    InvalidRequest = 9,

    /// <summary>A request tensor had a shape the callee does not accept.</summary>
    RequestShapeException = 10,

    /// <summary>A response tensor had a shape the caller does not accept.</summary>
    ResponseShapeException = 11,

    /// <summary>The caller failed to serialize the request.</summary>
    RequestSerializationException = 12,

    /// <summary>The callee failed to serialize the response.</summary>
    ResponseSerializationException = 13,

    /// <summary>The callee failed to deserialize the request.</summary>
    RequestDeserializationException = 14,

    /// <summary>The caller failed to deserialize the response.</summary>
    ResponseDeserializationException = 15,

    /// <summary>The callee's nucleus (its model) is not serving.</summary>
    NotServingNucleus = 16,

    /// <summary>The callee's nucleus did not process the request in time.</summary>
    NucleusTimeout = 17,

    /// <summary>The callee's nucleus queue is full.</summary>
    NucleusFull = 18,

    /// <summary>The request's protocol version is incompatible with the callee's.</summary>
    RequestIncompatibleVersion = 19,

    /// <summary>The response's protocol version is incompatible with the caller's.</summary>
    ResponseIncompatibleVersion = 20,

    /// <summary>The sender is not known to the callee (not in its metagraph).</summary>
    SenderUnknown = 21,

    /// <summary>An unexpected error, not covered by any other code.</summary>
    UnknownException = 22,

    /// <summary>The request failed authentication (signature, nonce or blacklist check; gRPC UNAUTHENTICATED).</summary>
    Unauthenticated = 23,

    /// <summary>The endpoint is invalid (bad address or port); added in v3.x.</summary>
    BadEndpoint = 24,

    /// <summary>The sender is blacklisted by the callee; added in v5.0 (2023).</summary>
    Blacklisted = 25,
}
