// Mirrors Azure/azure-sdk-for-net sdk/communication/Azure.Communication.Email/api/Azure.Communication.Email.net10.0.cs (EmailMessage); source
// sdk/communication/Azure.Communication.Email/src/Generated/Models/EmailMessage.cs. Data, so real here: tests read what was sent.
namespace Azure.Communication.Email;

public partial class EmailMessage
{
    public EmailMessage(string senderAddress, EmailRecipients recipients, EmailContent content)
    {
        this.SenderAddress = senderAddress;
        this.Recipients = recipients;
        this.Content = content;
    }

    public IList<EmailAttachment> Attachments { get; } = new List<EmailAttachment>();

    public EmailContent Content { get; }

    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>();

    public EmailRecipients Recipients { get; }

    public string SenderAddress { get; }

    public bool? UserEngagementTrackingDisabled { get; set; }
}
