" Filetype settings for .perf files (perfc).
if exists("b:did_ftplugin")
  finish
endif
let b:did_ftplugin = 1

setlocal commentstring=//\ %s
setlocal comments=s1:/*,mb:*,ex:*/,://
setlocal formatoptions-=t formatoptions+=croql
setlocal expandtab shiftwidth=2 softtabstop=2
" gq reformats through perfc's canonical layout; it reads stdin and writes stdout.
" perfc fmt formats whole files, so use it on the whole buffer (gggqG).
setlocal formatprg=perfc\ fmt\ -
" Braces mark the blocks; % jumps between them, full-width ones included.
setlocal matchpairs+=｛:｝,（:）

let b:undo_ftplugin = "setlocal commentstring< comments< formatoptions< expandtab< shiftwidth< softtabstop< formatprg< matchpairs<"
