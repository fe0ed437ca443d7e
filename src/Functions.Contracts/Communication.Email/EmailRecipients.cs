// Mirrors Azure/azure-sdk-for-net sdk/communication/Azure.Communication.Email/api/Azure.Communication.Email.net10.0.cs (EmailRecipients, the to-only
// constructor and To); source sdk/communication/Azure.Communication.Email/src/Generated/Models/EmailRecipients.cs.
namespace Azure.Communication.Email;

public partial class EmailRecipients
{
    public EmailRecipients(IEnumerable<EmailAddress> to)
    {
        this.To = to.ToList();
    }

    public IList<EmailAddress> To { get; }
}
