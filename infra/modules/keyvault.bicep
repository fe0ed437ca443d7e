// Key Vault with RBAC: the vault makes the key pairs and CSRs (the private keys never leave it), keeps the issued
// certificates, and holds the app's secrets, which the app settings reference.
import { Tags } from '../types.bicep'

param name string
param location string
param tags Tags

@secure()
param apiKey string

@secure()
param webhookSecret string

@secure()
@description('EAB HMAC key; empty when the CA has no External Account Binding.')
param eabHmacKey string = ''

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

resource apiKeySecret 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = {
  parent: vault
  name: 'api-key'
  properties: { value: apiKey }
}

resource webhookSecretSecret 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = {
  parent: vault
  name: 'webhook-secret'
  properties: { value: webhookSecret }
}

resource eabHmacKeySecret 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = {
  parent: vault
  name: 'acme-eab-hmac-key'
  properties: { value: empty(eabHmacKey) ? 'none' : eabHmacKey }
}

output name string = vault.name
output uri string = vault.properties.vaultUri
output apiKeySecretUri string = apiKeySecret.properties.secretUri
output webhookSecretUri string = webhookSecretSecret.properties.secretUri
output eabHmacKeySecretUri string = eabHmacKeySecret.properties.secretUri
