namespace SslFlow.EndToEnd.Tests;

/// <summary>Waiting on another process's observable state (its log, a table it writes), which sends no signal of its own.</summary>
internal static class Polling
{
    /// <summary>Checks <paramref name="condition"/> every <paramref name="interval"/> until it holds; past the timeout, throws with <paramref name="failure"/>'s text.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, TimeSpan interval, Func<string> failure)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException(failure());
            await Task.Delay(interval);
        }
    }
}
