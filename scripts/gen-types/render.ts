import type { Column, PgFunction, PgType, Relationship, Schema } from './introspect.ts';

/**
 * Renders the Database type in the shape `supabase gen types typescript` emits (postgres-meta's
 * TypeScript template): Tables/Views/Functions/Enums/CompositeTypes per schema, the helper
 * types and `Constants`. The caller formats the result with Prettier as the CLI does.
 */
const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);
const q = (value: unknown): string => JSON.stringify(value);
const STRING_TYPES = new Set([
  'bytea',
  'bpchar',
  'varchar',
  'date',
  'text',
  'citext',
  'time',
  'timetz',
  'timestamp',
  'timestamptz',
  'uuid',
  'vector',
  'interval',
]);
const UNNAMED_ARG_TYPES = new Set([114, 3802, 25]);
const IN_MODES = new Set(['in', 'inout', 'variadic']);

export function render(schema: Schema, postgrestVersion: string): string {
  const tables = schema.relations.filter((r) => r.kind === 'table').sort(byName);
  const views = schema.relations.filter((r) => r.kind === 'view').sort(byName);
  const relationIds = new Set(schema.relations.map((r) => r.id));
  const typesById = new Map(schema.types.map((t) => [t.id, t]));
  const enums = schema.types.filter((t) => t.schema === schema.name && t.enums.length > 0).sort(byName);
  const composites = schema.types
    .filter((t) => t.schema === schema.name && t.attributes.length > 0)
    .sort(byName);
  const columnsOf = (id: number) => schema.columns.filter((c) => c.tableId === id).sort(byName);
  const relationshipsOf = (name: string) =>
    schema.relationships
      .filter((r) => r.relation === name)
      .sort(
        (a, b) =>
          a.foreignKeyName.localeCompare(b.foreignKeyName) ||
          a.referencedRelation.localeCompare(b.referencedRelation) ||
          q(a.referencedColumns).localeCompare(q(b.referencedColumns)),
      );

  const tsType = (pgType: string): string => {
    if (pgType === 'bool') return 'boolean';
    if (['int2', 'int4', 'int8', 'float4', 'float8', 'numeric'].includes(pgType)) return 'number';
    if (STRING_TYPES.has(pgType)) return 'string';
    if (pgType === 'json' || pgType === 'jsonb') return 'Json';
    if (pgType === 'void') return 'undefined';
    if (pgType === 'record') return 'Record<string, unknown>';
    if (pgType.startsWith('_')) return `(${tsType(pgType.slice(1))})[]`;
    const pickLocal = (candidates: PgType[]) =>
      candidates.find((t) => t.schema === schema.name) ?? candidates[0];
    const enumType = pickLocal(schema.types.filter((t) => t.name === pgType && t.enums.length > 0));
    if (enumType) {
      return enumType.schema === schema.name
        ? `Database[${q(schema.name)}]['Enums'][${q(enumType.name)}]`
        : enumType.enums.map(q).join('|');
    }
    const composite = pickLocal(schema.types.filter((t) => t.name === pgType && t.attributes.length > 0));
    if (composite)
      return composite.schema === schema.name
        ? `Database[${q(schema.name)}]['CompositeTypes'][${q(composite.name)}]`
        : 'unknown';
    const table = tables.find((t) => t.name === pgType);
    if (table) return `Database[${q(schema.name)}]['Tables'][${q(table.name)}]['Row']`;
    const view = views.find((v) => v.name === pgType);
    if (view) return `Database[${q(schema.name)}]['Views'][${q(view.name)}]['Row']`;
    return 'unknown';
  };
  const nullable = (type: string, isNullable: boolean) =>
    type === 'unknown' || type === 'any' || !isNullable ? type : `${type} | null`;
  const field = (name: string, type: string, isNullable: boolean, optional: boolean) =>
    `${q(name)}${optional ? '?' : ''}: ${nullable(tsType(type), isNullable)}`;
  const typeName = (id: number) => typesById.get(id)?.name;
  const argType = (id: number) => (typeName(id) ? tsType(typeName(id)!) : 'unknown');

  const exposed = schema.functions
    .map((fn) => ({ fn: { ...fn, args: [...fn.args].sort(byName) } }))
    .map(({ fn }) => ({ fn, inArgs: fn.args.filter((a) => IN_MODES.has(a.mode)) }))
    .filter(
      ({ inArgs }) =>
        inArgs.length === 0 ||
        !inArgs.some((a) => a.name === '') ||
        inArgs.every((a) => a.name !== '' || (a.hasDefault && UNNAMED_ARG_TYPES.has(a.typeId))) ||
        (inArgs.length === 1 && UNNAMED_ARG_TYPES.has(inArgs[0]!.typeId)),
    )
    .sort((a, b) => a.fn.name.localeCompare(b.fn.name));

  const relationName = (fn: PgFunction) =>
    schema.relations.find((r) => r.id === fn.returnTypeRelationId)?.name ?? null;
  const returnShape = (fn: PgFunction): string => {
    const tableArgs = fn.args.filter((a) => a.mode === 'table');
    if (tableArgs.length > 0)
      return `{ ${tableArgs.map((a) => `${q(a.name)}: ${argType(a.typeId)}`).join(', ')} }`;
    if (fn.returnTypeRelationId !== null && relationIds.has(fn.returnTypeRelationId)) {
      return `{ ${columnsOf(fn.returnTypeRelationId)
        .map((c) => field(c.name, c.format, c.isNullable, false))
        .join(', ')} }`;
    }
    return argType(fn.returnTypeId);
  };
  const returns = (fn: PgFunction) => {
    const target = relationName(fn);
    const multiple = fn.prorows !== null && fn.prorows > 1;
    const setof = target
      ? `SetofOptions: { from: "*"; to: ${q(target)}; isOneToOne: ${!multiple}; isSetofReturn: ${fn.isSetReturning} }`
      : '';
    const collapse = !multiple && target !== null;
    return `${returnShape(fn)}${fn.isSetReturning && !collapse ? '[]' : ''}\n${setof}`;
  };
  const signature = ({ fn, inArgs }: (typeof exposed)[number]) => {
    const args =
      inArgs.length === 0
        ? 'never'
        : `{ ${inArgs.map((a) => `${q(a.name)}${a.hasDefault ? '?' : ''}: ${argType(a.typeId)}`).join(', ')} }`;
    return `{ Args: ${args}; Returns: ${returns(fn)} }`;
  };

  const relationshipList = (name: string) =>
    `[${relationshipsOf(name)
      .map(
        (r: Relationship) => `{
      foreignKeyName: ${q(r.foreignKeyName)}
      columns: ${q(r.columns)}
      isOneToOne: ${r.isOneToOne}
      referencedRelation: ${q(r.referencedRelation)}
      referencedColumns: ${q(r.referencedColumns)}
    }`,
      )
      .join(',')}]`;
  const computed = (name: string) =>
    exposed
      .filter(({ fn }) => fn.argumentTypes === name)
      .map(({ fn }) => `${q(fn.name)}: ${nullable(returnShape(fn), true)}`);
  const writeShape = (c: Column, optional: boolean, isNullable = c.isNullable) =>
    c.identity === 'ALWAYS' ? `${q(c.name)}?: never` : field(c.name, c.format, isNullable, optional);
  const never = '[_ in never]: never';

  const tablesBlock = tables.map(
    (t) => `${q(t.name)}: {
    Row: { ${[...columnsOf(t.id).map((c) => field(c.name, c.format, c.isNullable, false)), ...computed(t.name)].join('\n')} }
    Insert: { ${columnsOf(t.id)
      .map((c) => writeShape(c, c.isNullable || c.identity !== null || c.hasDefault))
      .join('\n')} }
    Update: { ${columnsOf(t.id)
      .map((c) => writeShape(c, true))
      .join('\n')} }
    Relationships: ${relationshipList(t.name)}
  }`,
  );
  const viewWrite = (c: Column) =>
    c.isUpdatable ? field(c.name, c.format, true, true) : `${q(c.name)}?: never`;
  const viewsBlock = views.map(
    (v) => `${q(v.name)}: {
    Row: { ${[...columnsOf(v.id).map((c) => field(c.name, c.format, c.isNullable, false)), ...computed(v.name)].join('\n')} }
    ${
      v.isUpdatable
        ? `Insert: { ${columnsOf(v.id).map(viewWrite).join('\n')} }
    Update: { ${columnsOf(v.id).map(viewWrite).join('\n')} }
    `
        : ''
    }Relationships: ${relationshipList(v.name)}
  }`,
  );
  const grouped = new Map<string, typeof exposed>();
  for (const entry of exposed) grouped.set(entry.fn.name, [...(grouped.get(entry.fn.name) ?? []), entry]);
  const functionsBlock = [...grouped].map(
    ([name, fns]) =>
      `${q(name)}: ${fns
        .sort(
          (a, b) =>
            a.fn.argumentTypes.localeCompare(b.fn.argumentTypes) ||
            a.fn.returnType.localeCompare(b.fn.returnType),
        )
        .map(signature)
        .join(' | ')}`,
  );
  const enumsBlock = enums.map((e) => `${q(e.name)}: ${e.enums.map(q).join(' | ')}`);
  const compositesBlock = composites.map(
    (c) =>
      `${q(c.name)}: { ${c.attributes.map((a) => `${q(a.name)}: ${nullable(argType(a.typeId), true)}`).join('\n')} }`,
  );
  const block = (items: string[]) => (items.length === 0 ? never : items.join('\n'));

  return `export type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[]

export type Database = {
  // Allows to automatically instantiate createClient with right options
  // instead of createClient<Database, { PostgrestVersion: 'XX' }>(URL, KEY)
  __InternalSupabase: {
    PostgrestVersion: '${postgrestVersion}'
  }
  ${q(schema.name)}: {
    Tables: { ${block(tablesBlock)} }
    Views: { ${block(viewsBlock)} }
    Functions: { ${block(functionsBlock)} }
    Enums: { ${block(enumsBlock)} }
    CompositeTypes: { ${block(compositesBlock)} }
  }
}

${HELPERS.replaceAll('DEFAULT_SCHEMA', q(schema.name))}

export const Constants = {
  ${q(schema.name)}: {
    Enums: { ${enums.map((e) => `${q(e.name)}: [${e.enums.map(q).join(', ')}]`).join(',\n')} },
  },
} as const
`;
}

const HELPERS = `type DatabaseWithoutInternals = Omit<Database, '__InternalSupabase'>

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, DEFAULT_SCHEMA>]

export type Tables<
  DefaultSchemaTableNameOrOptions extends
    | keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
    ? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
        DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
      DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])[TableName] extends { Row: infer R }
    ? R
    : never
  : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
  ? (DefaultSchema["Tables"] & DefaultSchema["Views"])[DefaultSchemaTableNameOrOptions] extends { Row: infer R }
    ? R
    : never
  : never

export type TablesInsert<
  DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"] | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends { Insert: infer I }
    ? I
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
  ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends { Insert: infer I }
    ? I
    : never
  : never

export type TablesUpdate<
  DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"] | { schema: keyof DatabaseWithoutInternals },
  TableName extends DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends { Update: infer U }
    ? U
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
  ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends { Update: infer U }
    ? U
    : never
  : never

export type Enums<
  DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"] | { schema: keyof DatabaseWithoutInternals },
  EnumName extends DefaultSchemaEnumNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
    ? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"]
    : never = never
> = DefaultSchemaEnumNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"][EnumName]
  : DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"]
  ? DefaultSchema["Enums"][DefaultSchemaEnumNameOrOptions]
  : never

export type CompositeTypes<
  PublicCompositeTypeNameOrOptions extends
    | keyof DefaultSchema["CompositeTypes"]
    | { schema: keyof DatabaseWithoutInternals },
  CompositeTypeName extends PublicCompositeTypeNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
    ? keyof DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"]
    : never = never
> = PublicCompositeTypeNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"][CompositeTypeName]
  : PublicCompositeTypeNameOrOptions extends keyof DefaultSchema["CompositeTypes"]
  ? DefaultSchema["CompositeTypes"][PublicCompositeTypeNameOrOptions]
  : never`;
