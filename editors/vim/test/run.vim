" Headless check of syntax/perf.vim: for every buffer given on the command line, each line
" `//= needle => group | needle => group …` asserts the syntax group of the first and last
" character of each needle in the nearest line above that is not an assertion (needles are
" searched left to right, each after the one before; an empty group means no highlighting).
" `//=N` addresses the N-th such line above instead, so the lines of a `"""` block can be
" checked after it closes (an assertion inside it would be part of its text).
" Failures are written to the file in g:perf_test_out; an empty file means all held.
let s:failures = []
let s:checked = 0

function! s:Check(lnum, text, needle, group, from) abort
  let idx = stridx(a:text, a:needle, a:from)
  if idx < 0
    call add(s:failures, printf('%s:%d: %s not found in the line', bufname('%'), a:lnum, a:needle))
    return a:from
  endif
  let first = idx + 1
  let last = idx + strlen(a:needle) - strlen(matchstr(a:needle, '.$')) + 1
  for col in [first, last]
    let got = synIDattr(synID(a:lnum, col, 1), 'name')
    let s:checked += 1
    if got !=# a:group
      call add(s:failures, printf('%s:%d:%d: %s: expected %s, got %s',
            \ bufname('%'), a:lnum, col, a:needle, a:group, got ==# '' ? '(none)' : got))
    endif
  endfor
  return idx + strlen(a:needle)
endfunction

function! s:CheckBuffer() abort
  let targets = []
  for lnum in range(1, line('$'))
    let text = getline(lnum)
    let m = matchlist(text, '^//=\(\d*\) \(.*\)$')
    if empty(m)
      call add(targets, lnum)
      continue
    endif
    let back = m[1] ==# '' ? 1 : str2nr(m[1])
    if back < 1 || back > len(targets)
      call add(s:failures, printf('%s:%d: no line %d above', bufname('%'), lnum, back))
      continue
    endif
    let target = targets[-back]
    let from = 0
    for pair in split(m[2], ' | ')
      let parts = split(pair, ' => ', 1)
      if len(parts) != 2
        call add(s:failures, printf('%s:%d: bad assertion %s', bufname('%'), lnum, pair))
        continue
      endif
      let from = s:Check(target, getline(target), parts[0], parts[1], from)
    endfor
  endfor
endfunction

for s:buf in range(1, bufnr('$'))
  if !buflisted(s:buf)
    continue
  endif
  execute 'buffer' s:buf
  if &filetype !=# 'perf' || !exists('b:current_syntax')
    call add(s:failures, bufname('%') . ': filetype perf or its syntax was not loaded')
    continue
  endif
  " ftplugin/perf.vim: commenting, gq through perfc fmt, % over full-width braces.
  if &l:commentstring !=# '// %s' || &l:formatprg !=# 'perfc fmt -' || &l:matchpairs !~# '｛:｝'
    call add(s:failures, printf('%s: commentstring %s, formatprg %s, matchpairs %s',
          \ bufname('%'), &l:commentstring, &l:formatprg, &l:matchpairs))
  endif
  call s:CheckBuffer()
endfor
if s:checked == 0
  call add(s:failures, 'no assertions were checked')
endif
call writefile(s:failures, g:perf_test_out)
