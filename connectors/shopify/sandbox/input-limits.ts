// Shopify's input array limit, on every argument of every field: "Storefront and Admin GraphQL
// requests return errors if any input array is supplied with more than 250 objects" (changelog
// 2019-12-13, "GraphQL input objects limited to 250 items"; API-NOTES [S6]). Checked before
// anything runs, in the variables and in literal lists written in the document.
import { Kind, visit, type OperationDefinitionNode } from 'graphql';

export const MAX_INPUT_ARRAY = 250;

/** The length of the first input array over the limit, or undefined. */
export function oversizedInputArray(op: OperationDefinitionNode, variables: Record<string, unknown>): number | undefined {
  let found: number | undefined;
  const walk = (v: unknown): void => {
    if (found !== undefined || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      if (v.length > MAX_INPUT_ARRAY) { found = v.length; return; }
      v.forEach(walk);
      return;
    }
    Object.values(v).forEach(walk);
  };
  walk(variables);
  if (found !== undefined) return found;
  visit(op, {
    [Kind.LIST](node) {
      if (found === undefined && node.values.length > MAX_INPUT_ARRAY) found = node.values.length;
    },
  });
  return found;
}
