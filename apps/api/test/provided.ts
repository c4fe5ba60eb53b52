export {};

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser URL on the test cluster (embedded, or the server in DATABASE_URL). */
    adminUrl: string;
    /** A database with every migration and region applied; each test file clones it. */
    templateDatabase: string;
  }
}
