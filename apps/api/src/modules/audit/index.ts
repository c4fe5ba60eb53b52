export { createAuditRepository, type VerifyResult } from './repository.ts';
export { createAuditService, type AuditService, type AuditRecord } from './service.ts';
