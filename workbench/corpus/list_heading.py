"""The heading of a list of other stories on a web page ("You may also like", "More Washington
Examiner", "Read these next", "Artigos relacionados", "Das könnte Sie auch interessieren",
"関連記事"): below the article it starts the page's footer, inside it a box of links, and a
headline listed under it is another story's."""

from __future__ import annotations

import re

_HEADINGS = (
    r"(more|other|latest|top|recent|popular|related|similar|recommended|trending|featured"
    r"|sponsored|promoted|suggested|further|editors'?) ([\w'’-]+ )?(stories|articles|news|posts"
    r"|videos|reads|reading|content|coverage|links|headlines|topics|columns|slide ?shows"
    r"|galleries|podcasts)"
    r"|related|more (on|about) (this|the) (story|topic|subject|issue)"
    r"|(more )?(stories|articles|news|posts|reads) like this( one)?"
    r"|more (from|in|on|by|stories from|news from|stories in) [\w .&'’-]{2,40}"
    r"|(?-i:More [A-Z][\w.&'’-]*( [A-Z&][\w.&'’-]*){0,3})"
    r"|read (more|next|this next|these next|also)|(what|where) to read next"
    r"|you (may|might|will|could) (also )?(like|enjoy|be interested in|want to read)"
    r"|(also|recommended) (for you|on [\w .&'’-]{2,30})"
    r"|(most|top) (read|popular|viewed|shared|commented|watched|emailed)"
    r"( (stories|articles|news|now|today|this week|in [\w .&'’-]{2,30}))?"
    r"|trending( now| on [\w .&'’-]{2,30})?|editor'?s'? picks?|around the web|from the web"
    r"|from our partners|recommended by|see also|also read"
    r"|about (the|this) (article|story)"
    r"|(previous|next) (article|post|story)"
    r"|(artigos|notícias|matérias|posts) relacionad[oa]s|leia (também|mais)|veja também"
    r"|mais (lidas|lidos|notícias)|(talvez )?você (também )?(pode|poderá|vai) (gostar|curtir"
    r"|se interessar)|(talvez )?você (também )?goste|(pode|poderá) (te|lhe) interessar"
    r"|(artículos|noticias|entradas) relacionad[oa]s|(también )?te puede interesar"
    r"|(también )?(te|le) (puede|podría|pueden|podrían) (gustar|interesar)( también)?"
    r"|lo más (leído|visto)|más noticias|lee también"
    r"|(articles|à lire) (similaires|aussi)|lire aussi|les plus (lus|populaires)"
    r"|sur le même (sujet|thème)|dans la même rubrique|vous (aimerez|pourriez aimer) aussi"
    r"|(ça|cela) (pourrait|peut) (aussi )?vous intéresser"
    r"|ähnliche (artikel|beiträge|themen)|mehr (zum thema|dazu)|mehr"
    r"|(das|dies|diese (artikel|beiträge|themen|texte)) könnten? (sie|dich|euch) (auch|ebenfalls)"
    r" interessieren|meistgelesene?( artikel)?"
    r"|weitere (artikel|beiträge|nachrichten)( zum thema)?|verwandte (artikel|themen)"
    r"|lesen sie auch|auch interessant"
    r"|articoli correlati|potrebbe interessarti|leggi anche|più lett[ie]"
    r"|(ti )?potrebbe(ro)? (anche )?(interessarti|piacerti|interessare|piacere)"
    r"|gerelateerde (artikelen|berichten)|lees ook|meest gelezen|misschien ook interessant"
    r"|(вам )?(также )?может быть интересно|читайте также|похожие (статьи|новости|материалы)"
    r"|другие новости|関連記事|人気記事|おすすめ記事|相关文章|相关阅读|推荐阅读"
    r"|podobne artykuły|czytaj (także|też|również)|ilgili haberler"
)
_LIST_HEADING = re.compile(rf"[•·▪*#-]? ?({_HEADINGS})( ?[:»›…>.]{{1,3}})?", re.IGNORECASE)
HEADING_CHARS = 80  # a heading is at most this long


def is_list_heading(line: str) -> bool:
    """Whether a line (as written) is the heading of a list of other stories."""
    return 0 < len(line) <= HEADING_CHARS and _LIST_HEADING.fullmatch(line) is not None
