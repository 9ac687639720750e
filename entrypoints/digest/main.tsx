import { render } from 'preact';
import { HeaderNav } from '@/components/HeaderNav';
import { DigestPage } from './DigestPage';

render(
  <>
    <HeaderNav current="digest.html" />
    <DigestPage search={location.search} />
  </>,
  document.getElementById('app')!,
);
