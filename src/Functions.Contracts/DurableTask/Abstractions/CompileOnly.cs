// Not upstream: the one message every compile-only member throws.
namespace Microsoft.DurableTask;

internal static class CompileOnly
{
    public static NotSupportedException Fail() => new("compile-only contract");
}
