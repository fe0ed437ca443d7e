using System.ComponentModel.DataAnnotations;

namespace SslFlow.DurableBridge;

/// <summary>
/// Where the Durable Task Framework keeps a task hub (Azure Storage queues, tables and blobs) and how fast it works it.
/// Either <see cref="ConnectionString"/> (Azurite, development, account keys) or <see cref="AccountName"/> (a managed
/// identity / <c>TokenCredential</c> on https://{name}.{blob|queue|table}.core.windows.net) must be set.
/// </summary>
public sealed class AzureStorageHubOptions : IValidatableObject
{
    /// <summary>"UseDevelopmentStorage=true" or a full connection string naming blob, queue and table endpoints.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>A storage account reached with a <c>TokenCredential</c> (managed identity) instead of keys.</summary>
    public string? AccountName { get; set; }

    /// <summary>Names the queues, tables and blob containers; hosts sharing work must use the same name.</summary>
    [Required]
    [RegularExpression("^[a-zA-Z][a-zA-Z0-9]{2,44}$", ErrorMessage = "TaskHubName must be 3-45 letters or digits, starting with a letter.")]
    public string TaskHubName { get; set; } = "";

    /// <summary>Control queues (1-16). Fixed when the hub is first created: changing it later is ignored by the hub.</summary>
    [Range(1, 16)]
    public int PartitionCount { get; set; } = 4;

    /// <summary>Upper bound of the queue back-off when idle: also the worst latency of the first message after a lull.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a partition lease lives without renewal: a crashed host's partitions move after this.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:05:00")]
    public TimeSpan LeaseInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a dequeued control-queue message stays invisible: a crashed host's messages reappear after this.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:10:00")]
    public TimeSpan ControlQueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Same for activity work items: an activity running on a crashed host is retried after this.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:10:00")]
    public TimeSpan WorkItemQueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    [Range(1, 1000)]
    public int MaxConcurrentActivities { get; set; } = 10;

    [Range(1, 1000)]
    public int MaxConcurrentOrchestrations { get; set; } = 10;

    /// <summary>
    /// Names this host in the partition table. Null: machine, process and a random suffix, so that two hosts (even in
    /// one process) never share an identity; two workers with one id would both believe they own the same partitions.
    /// </summary>
    public string? WorkerId { get; set; }

    /// <summary>Keeps an orchestration's history in memory between episodes (fewer replays); off by default.</summary>
    public bool ExtendedSessionsEnabled { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var hasConnectionString = !string.IsNullOrWhiteSpace(ConnectionString);
        var hasAccountName = !string.IsNullOrWhiteSpace(AccountName);
        if (hasConnectionString == hasAccountName)
        {
            yield return new ValidationResult("Set exactly one of ConnectionString (keys, Azurite) or AccountName (managed identity).",
                [nameof(ConnectionString), nameof(AccountName)]);
        }
    }
}
