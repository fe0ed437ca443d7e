namespace SslFlow.DevHost.Demo;

/// <summary>
/// After the demo orders the service stays up so a newcomer can look at the dashboard and try the API; Ctrl-C (or
/// SIGTERM) ends it. <c>demo --exit</c> ends right after the orders instead, for scripts.
/// </summary>
public static class DemoKeepAlive
{
    public static async Task WaitForCtrlCAsync(int apiPort, string apiKey, int inboxPort, bool ok)
    {
        Console.WriteLine(ok ? "Demo orders are ACTIVE." : "A demo order did not become ACTIVE or its certificate checks failed.");
        Console.WriteLine($"Dashboard  http://127.0.0.1:{apiPort}/  (API key below; the dashboard asks for it)");
        Console.WriteLine($"API key    {apiKey}");
        Console.WriteLine($"Try        curl -H 'Authorization: Bearer {apiKey}' http://127.0.0.1:{apiPort}/api/orders");
        Console.WriteLine($"Inbox      http://127.0.0.1:{inboxPort}/");
        Console.WriteLine("The service stays up: press Ctrl-C to stop it (run with --exit to end after the orders).");
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true; // stop in order (host, then the local parts) instead of killing the process
            stopped.TrySetResult();
        };
        Console.CancelKeyPress += onCancel;
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            stopped.TrySetResult();
        });
        try
        {
            await stopped.Task;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
        Console.WriteLine("Stopping…");
    }
}
