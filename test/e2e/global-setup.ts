/** Builds the app once for all end-to-end tests (they serve dist/ with vite preview). */
import { build } from 'vite';

export default async function setup(): Promise<void> {
  await build({ logLevel: 'warn' });
}
