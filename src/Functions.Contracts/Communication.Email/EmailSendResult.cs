// Mirrors Azure/azure-sdk-for-net sdk/communication/Azure.Communication.Email/api/Azure.Communication.Email.net10.0.cs
// (EmailSendResult, the result type of EmailSendOperation; its Status is not used); source
// sdk/communication/Azure.Communication.Email/src/Generated/Models/EmailSendResult.cs.
namespace Azure.Communication.Email;

public partial class EmailSendResult
{
    internal EmailSendResult()
    {
    }
}
