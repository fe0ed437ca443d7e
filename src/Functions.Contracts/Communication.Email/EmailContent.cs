// Mirrors Azure/azure-sdk-for-net sdk/communication/Azure.Communication.Email/api/Azure.Communication.Email.net10.0.cs (EmailContent); source
// sdk/communication/Azure.Communication.Email/src/Generated/Models/EmailContent.cs.
namespace Azure.Communication.Email;

public partial class EmailContent
{
    public EmailContent(string subject)
    {
        this.Subject = subject;
    }

    public string? Html { get; set; }

    public string? PlainText { get; set; }

    public string Subject { get; }
}
