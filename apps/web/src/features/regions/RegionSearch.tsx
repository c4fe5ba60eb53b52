import { useState, type ReactNode } from 'react';
import {
  Badge,
  CloseButton,
  Combobox,
  Group,
  Input,
  Loader,
  Text,
  TextInput,
  useCombobox,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { Region } from '@sinergi/shared';
import { useI18n } from '../../i18n/index.tsx';
import { Icon } from '../../ui/icons.tsx';
import { useRegionSearch } from './api.ts';
import { levelKey, regionName } from './format.ts';

interface RegionSearchProps {
  onSelect: (region: Region) => void;
  label?: ReactNode;
  placeholder?: string;
  description?: ReactNode;
  error?: ReactNode;
  required?: boolean;
  /** Offer only regions of these levels (e.g. a role that may only be bound to a regency). */
  levels?: readonly number[];
  'aria-label'?: string;
}

/** A search box over the region names the caller may see; picking a result calls `onSelect`. */
export function RegionSearch(props: RegionSearchProps) {
  const { t, errorText } = useI18n();
  const [text, setText] = useState('');
  const [query] = useDebouncedValue(text.trim(), 250);
  const search = useRegionSearch(query);
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const items = (search.data?.items ?? []).filter(
    (region) => !props.levels || props.levels.includes(region.level),
  );
  const active = query.length >= 2;

  return (
    <Combobox
      store={combobox}
      withinPortal
      onOptionSubmit={(code) => {
        const region = items.find((item) => item.code === code);
        combobox.closeDropdown();
        if (region) {
          setText('');
          props.onSelect(region);
        }
      }}
    >
      <Combobox.Target>
        <TextInput
          label={props.label}
          description={props.description}
          error={props.error}
          required={props.required}
          aria-label={props['aria-label']}
          placeholder={props.placeholder ?? t('region.search.placeholder')}
          value={text}
          autoComplete="off"
          leftSection={<Icon name="search" size={16} />}
          rightSection={
            search.isFetching ? (
              <Loader size={14} />
            ) : text ? (
              <CloseButton size="sm" aria-label={t('common.clear')} onClick={() => setText('')} />
            ) : null
          }
          onChange={(event) => {
            setText(event.currentTarget.value);
            combobox.openDropdown();
            combobox.updateSelectedOptionIndex();
          }}
          onFocus={() => combobox.openDropdown()}
          onBlur={() => combobox.closeDropdown()}
        />
      </Combobox.Target>
      <Combobox.Dropdown hidden={!active}>
        <Combobox.Options mah={320} style={{ overflowY: 'auto' }}>
          {search.isError ? (
            <Combobox.Empty>{errorText(search.error)}</Combobox.Empty>
          ) : items.length === 0 ? (
            <Combobox.Empty>
              {search.isFetching ? t('common.loading') : t('region.search.empty')}
            </Combobox.Empty>
          ) : (
            items.map((region) => (
              <Combobox.Option value={region.code} key={region.code}>
                <Group justify="space-between" wrap="nowrap" gap="xs">
                  <div style={{ minWidth: 0 }}>
                    <Text size="sm" fw={500} truncate>
                      {regionName(region.name)}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {t(levelKey(region.level))} · {region.code}
                    </Text>
                  </div>
                  <Badge variant="light" color="gray" size="sm">
                    {region.timezoneAbbreviation}
                  </Badge>
                </Group>
              </Combobox.Option>
            ))
          )}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}

interface RegionPickerProps extends Omit<RegionSearchProps, 'onSelect'> {
  value: Region | null;
  onChange: (region: Region | null) => void;
}

/** A form field holding one region: the search box until one is picked, then the pick with a clear button. */
export function RegionPicker({ value, onChange, ...props }: RegionPickerProps) {
  const { t } = useI18n();
  if (!value) return <RegionSearch {...props} onSelect={onChange} />;
  return (
    <Input.Wrapper
      label={props.label}
      description={props.description}
      error={props.error}
      required={props.required}
    >
      <Input
        component="div"
        pointer={false}
        error={Boolean(props.error)}
        rightSection={<CloseButton size="sm" aria-label={t('common.clear')} onClick={() => onChange(null)} />}
        rightSectionPointerEvents="all"
        data-testid="region-picked"
      >
        <Text size="sm" truncate component="span" style={{ lineHeight: 'var(--input-height)' }}>
          {regionName(value.name)}{' '}
          <Text span size="xs" c="dimmed">
            {t(levelKey(value.level))} · {value.code}
          </Text>
        </Text>
      </Input>
    </Input.Wrapper>
  );
}
