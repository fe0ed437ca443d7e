using SslFlow.Engine.Store;

namespace SslFlow.Engine.Tests.Semantics;

public sealed class InMemoryEngineSemanticsTests : EngineSemanticsTests
{
    protected override IDurableStore CreateStore() => new InMemoryDurableStore();
}
