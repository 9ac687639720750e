import {
  getNamedType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type GraphQLType,
} from 'graphql';
import { useState } from 'preact/hooks';

type AnyField = GraphQLField<unknown, unknown> | GraphQLInputField;

function TypeLink({ type, open }: { type: GraphQLType; open: (name: string) => void }) {
  const named = getNamedType(type);
  const text = String(type);
  const [before, after] = text.split(named.name);
  return (
    <code>
      {before}
      <button type="button" class="kd-link" onClick={() => open(named.name)}>
        {named.name}
      </button>
      {after}
    </code>
  );
}

function fieldsOf(type: GraphQLNamedType): AnyField[] {
  if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type))
    return Object.values(type.getFields() as Record<string, AnyField>);
  return [];
}

/** A GraphiQL-like docs drawer over the bundled schema: start at Query, follow types, filter fields, go back. */
export function DocsDrawer({
  schema,
  start,
  onClose,
}: {
  schema: GraphQLSchema;
  start?: string | undefined;
  onClose: () => void;
}) {
  const root = schema.getQueryType()?.name ?? 'Query';
  const [stack, setStack] = useState<string[]>(start && start !== root ? [root, start] : [root]);
  const [filter, setFilter] = useState('');
  const current = schema.getType(stack[stack.length - 1]!) ?? schema.getType(root)!;
  const open = (name: string) => {
    setStack([...stack, name]);
    setFilter('');
  };
  const needle = filter.trim().toLowerCase();
  const fields = fieldsOf(current).filter((field) => !needle || field.name.toLowerCase().includes(needle));
  const enumValues = 'getValues' in current ? current.getValues() : [];

  return (
    <aside class="kd-docs" aria-labelledby="kd-docs-title">
      <div class="kd-section-head">
        <h2 id="kd-docs-title">Docs: {current.name}</h2>
        <button type="button" onClick={onClose}>
          Close docs
        </button>
      </div>
      {stack.length > 1 && (
        <button type="button" class="kd-link" onClick={() => setStack(stack.slice(0, -1))}>
          ← {stack[stack.length - 2]}
        </button>
      )}
      {current.description && <p class="kd-muted">{current.description}</p>}
      {fieldsOf(current).length > 0 && (
        <input
          type="search"
          aria-label={`Filter the fields of ${current.name}`}
          placeholder="Filter fields"
          value={filter}
          onInput={(event) => setFilter(event.currentTarget.value)}
        />
      )}
      <ul class="kd-docs-fields" aria-label={`Fields of ${current.name}`}>
        {fields.map((field) => (
          <li key={field.name}>
            <code>{field.name}</code>
            {'args' in field && field.args.length > 0 && (
              <span class="kd-muted">
                (
                {field.args.map((arg: GraphQLArgument, index: number) => (
                  <span key={arg.name}>
                    {index > 0 ? ', ' : ''}
                    {arg.name}: <TypeLink type={arg.type} open={open} />
                  </span>
                ))}
                )
              </span>
            )}
            : <TypeLink type={field.type} open={open} />
            {field.description && <p class="kd-muted">{field.description}</p>}
          </li>
        ))}
        {enumValues.map((value) => (
          <li key={value.name}>
            <code>{value.name}</code>
            {value.description && <p class="kd-muted">{value.description}</p>}
          </li>
        ))}
      </ul>
    </aside>
  );
}
