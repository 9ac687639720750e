import { render } from 'preact';
import { HeaderNav } from '@/components/HeaderNav';
import { JobLog } from './JobLog';

render(
  <>
    <HeaderNav current="job-log.html" />
    <JobLog search={location.search} />
  </>,
  document.getElementById('app')!,
);
