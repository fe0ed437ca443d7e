// Role assignments for the app's identity (least privilege per resource) and, optionally, the deploying principal.
// main.bicep makes the function app depend on this module: the app's first start resolves Key Vault references and
// signs in to Storage with these roles, so they must exist before the site does.
import { PrincipalType } from '../types.bicep'

@description('The app\'s user-assigned identity; its assignment names derive from its resource id, known before deployment.')
param identityName string

@description('Object id of the principal running the deployment (azd: AZURE_PRINCIPAL_ID); empty to skip its role.')
param userPrincipalId string = ''

@description('Kind of that principal: User for a person, ServicePrincipal when azd runs in CI (azd: AZURE_PRINCIPAL_TYPE).')
param userPrincipalType PrincipalType = 'User'

param storageAccountName string
param keyVaultName string
param communicationName string
param appInsightsName string

// Built-in role definition ids.
var storageBlobDataOwner = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
var storageQueueDataContributor = '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
var storageTableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
var keyVaultCertificatesOfficer = 'a4417e6f-fecd-4de8-b567-7b0420556985'
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'
var keyVaultCryptoUser = '12338af0-0e69-4776-bea7-57ae8d297424'
var communicationAndEmailServiceOwner = '09976791-48a7-449e-bb21-39d1a415f350'
var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = { name: identityName }
var principalId = identity.properties.principalId

resource storage 'Microsoft.Storage/storageAccounts@2026-06-01' existing = { name: storageAccountName }
resource vault 'Microsoft.KeyVault/vaults@2026-05-15' existing = { name: keyVaultName }
resource communication 'Microsoft.Communication/communicationServices@2026-03-18' existing = { name: communicationName }
resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = { name: appInsightsName }

// Storage: host leases and deployment package (blobs), Durable control/work-item queues, task hub history and app tables.
resource blobOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, identity.id, storageBlobDataOwner)
  properties: { principalId: principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataOwner) }
}

resource queueContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, identity.id, storageQueueDataContributor)
  properties: { principalId: principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageQueueDataContributor) }
}

resource tableContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, identity.id, storageTableDataContributor)
  properties: { principalId: principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributor) }
}

// Key Vault: create/merge/get/cancel certificates (key pairs and CSRs stay inside), and read the app's secrets.
resource certificatesOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, identity.id, keyVaultCertificatesOfficer)
  properties: { principalId: principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultCertificatesOfficer) }
}

// Key Vault: the ACME account keys (one per CA directory and EAB key id, shared by every instance) are Key Vault keys
// that sign JWS in the vault (keys/create, keys/get, keys/sign); they are never exported.
resource cryptoUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, identity.id, keyVaultCryptoUser)
  properties: { principalId: principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultCryptoUser) }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, identity.id, keyVaultSecretsUser)
  properties: { principalId: principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser) }
}

// ACS: send email with Entra ID.
resource emailSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: communication
  name: guid(communication.id, identity.id, communicationAndEmailServiceOwner)
  properties: { principalId: principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', communicationAndEmailServiceOwner) }
}

// Application Insights with local auth off: telemetry is sent with the identity.
resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: appInsights
  name: guid(appInsights.id, identity.id, monitoringMetricsPublisher)
  properties: { principalId: principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher) }
}

// The deploying principal may inspect certificates in the portal (or from CI).
resource userCertificatesOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(userPrincipalId)) {
  scope: vault
  name: guid(vault.id, userPrincipalId, keyVaultCertificatesOfficer)
  properties: { principalId: userPrincipalId, principalType: userPrincipalType, roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultCertificatesOfficer) }
}
