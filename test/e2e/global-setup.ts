/** Builds the app once for all end-to-end tests (they serve dist/ with vite preview). */
import { buildApp } from '../../scripts/serve';

export default async function setup(): Promise<void> {
  await buildApp();
}
