// Mirrors Azure/azure-sdk-for-net sdk/communication/Azure.Communication.Email/api/Azure.Communication.Email.net10.0.cs (EmailAttachment); source
// sdk/communication/Azure.Communication.Email/src/Generated/Models/EmailAttachment.cs.
namespace Azure.Communication.Email;

public partial class EmailAttachment
{
    public EmailAttachment(string name, string contentType, BinaryData content)
    {
        this.Name = name;
        this.ContentType = contentType;
        this.Content = content;
    }

    public BinaryData Content { get; }

    public string ContentType { get; }

    public string Name { get; }
}
