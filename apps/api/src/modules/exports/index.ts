export { registerExportRoutes } from './routes.ts';
export { csvStream, xlsxStream, geojsonStream, type ExportTable, type ExportColumn } from './engine.ts';
