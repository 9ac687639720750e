import { render } from 'preact';
import { HeaderNav } from '@/components/HeaderNav';
import { Options } from './Options';

render(
  <>
    <HeaderNav current="options.html" />
    <Options />
  </>,
  document.getElementById('app')!,
);
