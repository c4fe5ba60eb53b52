import { useState, type FormEvent } from 'react';
import {
  Alert,
  Button,
  Group,
  Modal,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import {
  assignableRoles,
  MFA_REQUIRED_ROLES,
  userCreateSchema,
  type Region,
  type Role,
  type User,
  type UserCreate,
} from '@sinergi/shared';
import { isApiError } from '../../api/client.ts';
import { useI18n, type UiKey } from '../../i18n/index.tsx';
import { Icon } from '../../ui/icons.tsx';
import { useCurrentUser } from '../auth/api.ts';
import { RegionPicker } from '../regions/RegionSearch.tsx';
import { useCreateUser } from './api.ts';
import { generatePassword } from './password.ts';
import { roleKey } from './roles.ts';

type Field = 'username' | 'name' | 'password' | 'role' | 'scopeCode' | 'institution' | 'email' | 'phone';
type FieldErrors = Partial<Record<Field, string>>;

const FIELDS: readonly Field[] = [
  'username',
  'name',
  'password',
  'role',
  'scopeCode',
  'institution',
  'email',
  'phone',
];

/** What to tell the user about a rejected field, in their language (zod's own text is English). */
const FIELD_MESSAGE: Record<Field, UiKey> = {
  username: 'users.invalid.username',
  name: 'users.invalid.name',
  password: 'users.invalid.password',
  role: 'users.invalid.role',
  scopeCode: 'users.invalid.scopeCode',
  institution: 'users.invalid.institution',
  email: 'users.invalid.email',
  phone: 'users.invalid.phone',
};

// A hint under its input keeps the inputs of a two-column row level with each other.
const HINT_BELOW: Array<'label' | 'input' | 'description' | 'error'> = [
  'label',
  'input',
  'description',
  'error',
];

const isField = (path: string): path is Field => (FIELDS as readonly string[]).includes(path);

interface FormState {
  username: string;
  name: string;
  password: string;
  role: Role | null;
  region: Region | null;
  institution: string;
  email: string;
  phone: string;
}

const EMPTY: FormState = {
  username: '',
  name: '',
  password: '',
  role: null,
  region: null,
  institution: '',
  email: '',
  phone: '',
};

/** The form to create an account: checked with the same shared schema the API uses, then sent. */
export function CreateUserModal({
  opened,
  onClose,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  onCreated: (user: User) => void;
}) {
  const { t, errorText } = useI18n();
  const me = useCurrentUser();
  const phone = useMediaQuery('(max-width: 36em)', false, { getInitialValueInEffect: false });
  const create = useCreateUser();
  const [form, setForm] = useState<FormState>(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [showPassword, setShowPassword] = useState(false);

  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => {
    setForm((current) => ({ ...current, [key]: value }));
    const field: Field = key === 'region' ? 'scopeCode' : key;
    setErrors((current) => ({ ...current, [field]: undefined }));
  };

  const close = () => {
    setShowPassword(false);
    setForm(EMPTY);
    setErrors({});
    setFormError(null);
    create.reset();
    onClose();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const candidate = {
      username: form.username,
      name: form.name,
      password: form.password,
      role: form.role ?? undefined,
      scopeCode: form.region?.code,
      institution: form.institution.trim() || undefined,
      email: form.email.trim() || undefined,
      phone: form.phone.replace(/[\s-]/g, '') || undefined,
    };
    const parsed = userCreateSchema.safeParse(candidate);
    if (!parsed.success) {
      const next: FieldErrors = {};
      for (const issue of parsed.error.issues) {
        const path = String(issue.path[0] ?? '');
        if (isField(path) && !next[path]) next[path] = t(FIELD_MESSAGE[path]);
      }
      setErrors(next);
      return;
    }
    const input: UserCreate = parsed.data;
    create.mutate(input, {
      onSuccess: (user) => {
        onCreated(user);
        close();
      },
      onError: (error) => {
        if (isApiError(error, 'user.username_taken')) {
          setErrors({ username: errorText(error) });
        } else if (isApiError(error, 'access.role_not_assignable')) {
          setErrors({ role: errorText(error) });
        } else if (isApiError(error, 'validation.invalid')) {
          const next: FieldErrors = {};
          const unplaced: string[] = [];
          for (const [path, issue] of Object.entries(error.fieldIssues())) {
            if (isField(path)) next[path] = t(FIELD_MESSAGE[path]);
            else unplaced.push(issue.message);
          }
          setErrors(next);
          if (unplaced.length > 0 || Object.keys(next).length === 0)
            setFormError([errorText(error), ...unplaced].join(' '));
        } else {
          setFormError(errorText(error));
        }
      },
    });
  };

  const roles = assignableRoles(me.role);
  const needsMfa = form.role !== null && MFA_REQUIRED_ROLES.includes(form.role);

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t('users.create.title')}
      size="lg"
      fullScreen={phone}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {formError && (
            <Alert color="red" variant="light" icon={<Icon name="alert" />}>
              {formError}
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput
              label={t('users.field.name')}
              required
              value={form.name}
              onChange={(e) => set('name', e.currentTarget.value)}
              error={errors.name}
              autoComplete="off"
            />
            <TextInput
              label={t('users.field.username')}
              description={t('users.hint.username')}
              inputWrapperOrder={HINT_BELOW}
              required
              value={form.username}
              onChange={(e) => set('username', e.currentTarget.value)}
              error={errors.username}
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
            />
          </SimpleGrid>
          <Group align="flex-end" gap="xs" wrap="nowrap">
            <PasswordInput
              style={{ flex: 1 }}
              label={t('users.field.password')}
              description={t('users.hint.password')}
              required
              value={form.password}
              onChange={(e) => set('password', e.currentTarget.value)}
              error={errors.password}
              autoComplete="new-password"
              visible={showPassword}
              onVisibilityChange={setShowPassword}
            />
            <Button
              variant="default"
              onClick={() => {
                set('password', generatePassword());
                // A generated password has to be read to be handed over.
                setShowPassword(true);
              }}
              mb={errors.password ? 22 : 0}
            >
              {t('users.generatePassword')}
            </Button>
          </Group>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <Select
              label={t('users.field.role')}
              required
              data={roles.map((role) => ({ value: role, label: t(roleKey(role)) }))}
              value={form.role}
              onChange={(value) => set('role', value as Role | null)}
              error={errors.role}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
            />
            <RegionPicker
              label={t('users.field.scope')}
              required
              value={form.region}
              onChange={(region) => set('region', region)}
              error={errors.scopeCode}
            />
          </SimpleGrid>
          {needsMfa && (
            <Text size="sm" c="dimmed">
              {t('users.hint.mfa')}
            </Text>
          )}
          <TextInput
            label={t('users.field.institution')}
            value={form.institution}
            onChange={(e) => set('institution', e.currentTarget.value)}
            error={errors.institution}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput
              label={t('users.field.email')}
              type="email"
              value={form.email}
              onChange={(e) => set('email', e.currentTarget.value)}
              error={errors.email}
            />
            <TextInput
              label={t('users.field.phone')}
              type="tel"
              inputMode="tel"
              value={form.phone}
              onChange={(e) => set('phone', e.currentTarget.value)}
              error={errors.phone}
            />
          </SimpleGrid>
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t('users.create.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
