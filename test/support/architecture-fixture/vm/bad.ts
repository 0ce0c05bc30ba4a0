import { tool } from '../toolkit/tool.ts'
export const bad = tool
