// Mirrors Azure/azure-functions-dotnet-worker extensions/Worker.Extensions.Timer/TimerInfo.cs (IsPastDue; ScheduleStatus is not used).
namespace Microsoft.Azure.Functions.Worker;

public class TimerInfo
{
    public bool IsPastDue { get; set; }
}
