using Akka.Configuration;
using Bittensor.Ledger.Persistence;
using Bittensor.Protocol;

namespace Bittensor.Tests;

/// <summary>
/// The configuration of a test node on Akka.Remote over loopback: an ephemeral port on 127.0.0.1, the shipped
/// protocol serializer and remote limits, the ledger's serializers and an in-memory journal (nothing here is about
/// storage), errors only (remoting logs every association, which says nothing about a spec).
/// </summary>
internal static class RemoteLoopback
{
    public static Config Config() => ConfigurationFactory.ParseString("""
        akka {
          loglevel = ERROR
          stdout-loglevel = ERROR
          actor.provider = remote
          remote {
            log-remote-lifecycle-events = off
            dot-netty.tcp {
              hostname = "127.0.0.1"
              port = 0
            }
          }
        }
        """)
        .WithFallback(LedgerPersistenceConfig.InMemory())
        .WithFallback(ProtocolConfig.Remote());
}
