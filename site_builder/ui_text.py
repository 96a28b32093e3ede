"""The few words of the site's frame (skip link, menus, footer) in each language.

Page text is the editors'; these are the builder's own. A language without its own
words here shows the Swedish ones, marked `lang="sv"` by the templates, so a
screen reader still pronounces them right.
"""

from __future__ import annotations

UI_TEXT: dict[str, dict[str, str]] = {
    "sv": {
        "skip_link": "Till innehållet",
        "search": "Sök",
        "main_menu": "Huvudmeny",
        "breadcrumbs": "Du är här",
        "start": "Startsida",
        "read_also": "Läs också",
        "in_section": "I det här avsnittet",
        "published": "Publicerad",
        "updated": "Sidan uppdaterad",
        "languages": "Språk",
        "easy_read": "Lättläst",
        "plain_swedish": "Vanlig svenska",
        "contact": "Kontakt",
        "accessibility": "Tillgänglighetsredogörelse",
        "privacy": "Personuppgifter",
        "cookies": "Kakor",
        "eu_flag": "Europeiska unionens flagga",
        "eu_cofunded": "Medfinansieras av Europeiska unionen",
        "search_title": "Sök på webbplatsen",
        "search_label": "Vad vill du hitta?",
        "search_empty": "Skriv ett eller flera ord att söka efter.",
        "search_busy": "Söker …",
        "search_hits": "{count} träffar på ”{query}”.",
        "search_none": "Inga träffar på ”{query}”. Försök med ett annat ord.",
        "search_failed": "Sökningen fungerar inte just nu. Använd menyn eller kontakta oss.",
        "search_needs_js": (
            "Sökningen fungerar bara med JavaScript påslaget. "
            "Du hittar alla sidor via menyn högst upp."
        ),
        "search_description": "Sök bland sidorna på",
    },
    "en": {
        "skip_link": "Skip to content",
        "search": "Search",
        "main_menu": "Main menu",
        "breadcrumbs": "You are here",
        "start": "Home",
        "read_also": "Read also",
        "in_section": "In this section",
        "published": "Published",
        "updated": "Page updated",
        "languages": "Languages",
        "easy_read": "Lättläst",
        "plain_swedish": "Vanlig svenska",
        "contact": "Contact",
        "accessibility": "Accessibility statement",
        "privacy": "Personal data",
        "cookies": "Cookies",
        "eu_flag": "Flag of the European Union",
        "eu_cofunded": "Co-funded by the European Union",
        "search_title": "Search the website",
        "search_label": "What are you looking for?",
        "search_empty": "Type one or more words to search for.",
        "search_busy": "Searching …",
        "search_hits": "{count} results for “{query}”.",
        "search_none": "No results for “{query}”. Try another word.",
        "search_failed": "Search is not working right now. Use the menu or contact us.",
        "search_needs_js": (
            "Search only works with JavaScript turned on. "
            "You can find every page through the menu at the top."
        ),
        "search_description": "Search the pages of",
    },
    # Arabic: plain, common wording; a professional translator should review it.
    "ar": {
        "skip_link": "انتقل إلى المحتوى",
        "search": "بحث",
        "main_menu": "القائمة الرئيسية",
        "breadcrumbs": "أنت هنا",
        "start": "الصفحة الرئيسية",
        "read_also": "اقرأ أيضا",
        "in_section": "في هذا القسم",
        "published": "نُشرت",
        "updated": "آخر تحديث للصفحة",
        "languages": "اللغات",
        "contact": "اتصل بنا",
        "accessibility": "بيان إمكانية الوصول",
        "privacy": "البيانات الشخصية",
        "cookies": "ملفات تعريف الارتباط",
        "eu_flag": "علم الاتحاد الأوروبي",
        "eu_cofunded": "بتمويل مشترك من الاتحاد الأوروبي",
        "search_title": "البحث في الموقع",
        "search_label": "عمّ تبحث؟",
        "search_empty": "اكتب كلمة أو أكثر للبحث عنها.",
        "search_busy": "جارٍ البحث …",
        "search_hits": "{count} نتيجة لـ «{query}».",
        "search_none": "لا توجد نتائج لـ «{query}». جرّب كلمة أخرى.",
        "search_failed": "البحث لا يعمل الآن. استخدم القائمة أو اتصل بنا.",
        "search_needs_js": (
            "يعمل البحث فقط عند تفعيل JavaScript. يمكنك الوصول إلى كل الصفحات من القائمة في الأعلى."
        ),
        "search_description": "ابحث في صفحات موقع",
    },
    # Dari: plain, common wording; a professional translator should review it.
    "prs": {
        "skip_link": "رفتن به محتوا",
        "search": "جستجو",
        "main_menu": "منوی اصلی",
        "breadcrumbs": "شما اینجا هستید",
        "start": "صفحهٔ اصلی",
        "read_also": "این را هم بخوانید",
        "in_section": "در این بخش",
        "published": "نشر شده",
        "updated": "آخرین تغییر صفحه",
        "languages": "زبان‌ها",
        "contact": "تماس با ما",
        "accessibility": "بیانیهٔ دسترسی",
        "privacy": "معلومات شخصی",
        "cookies": "کوکی‌ها",
        "eu_flag": "بیرق اتحادیهٔ اروپا",
        "eu_cofunded": "با حمایت مالی مشترک اتحادیهٔ اروپا",
        "search_title": "جستجو در وبسایت",
        "search_label": "دنبال چه می‌گردید؟",
        "search_empty": "یک یا چند کلمه برای جستجو بنویسید.",
        "search_busy": "در حال جستجو …",
        "search_hits": "{count} نتیجه برای «{query}».",
        "search_none": "برای «{query}» نتیجه‌ای پیدا نشد. کلمهٔ دیگری را امتحان کنید.",
        "search_failed": "جستجو فعلاً کار نمی‌کند. از منو استفاده کنید یا با ما تماس بگیرید.",
        "search_needs_js": (
            "جستجو فقط وقتی کار می‌کند که JavaScript روشن باشد. "
            "همهٔ صفحه‌ها را از منوی بالا پیدا کرده می‌توانید."
        ),
        "search_description": "جستجو در صفحه‌های",
    },
    # Somali: plain, common wording; a professional translator should review it.
    "so": {
        "skip_link": "U gudub qoraalka",
        "search": "Raadi",
        "main_menu": "Liiska ugu weyn",
        "breadcrumbs": "Halkan ayaad joogtaa",
        "start": "Bogga hore",
        "read_also": "Sidoo kale akhri",
        "in_section": "Qaybtan",
        "published": "La daabacay",
        "updated": "Bogga waa la cusboonaysiiyay",
        "languages": "Luqadaha",
        "contact": "Nala soo xiriir",
        "accessibility": "Warbixinta helitaanka",
        "privacy": "Xogta shakhsiga ah",
        "cookies": "Kuukiyada",
        "eu_flag": "Calanka Midowga Yurub",
        "eu_cofunded": "Waxaa wada maalgeliya Midowga Yurub",
        "search_title": "Ka raadi websaydka",
        "search_label": "Maxaad raadinaysaa?",
        "search_empty": "Qor hal eray ama dhowr eray oo aad raadinayso.",
        "search_busy": "Waa la raadinayaa …",
        "search_hits": "{count} natiijo ayaa loo helay “{query}”.",
        "search_none": "Wax natiijo ah looma helin “{query}”. Isku day eray kale.",
        "search_failed": "Raadintu hadda ma shaqaynayso. Isticmaal liiska ama nala soo xiriir.",
        "search_needs_js": (
            "Raadintu waxay shaqaysaa oo keliya marka JavaScript uu shidan yahay. "
            "Bog kasta waxaad ka heli kartaa liiska sare."
        ),
        "search_description": "Ka raadi bogagga",
    },
    # Tigrinya (Ethiopic script, drawn by static/fonts/ethiopic.css): plain, common
    # wording; a professional translator should review it.
    "ti": {
        "skip_link": "ናብ ትሕዝቶ ሕለፍ",
        "search": "ድለ",
        "main_menu": "ቀንዲ ዝርዝር",
        "breadcrumbs": "ኣብዚ ኣለኹም",
        "start": "መበገሲ ገጽ",
        "read_also": "ከምኡ ድማ ኣንብቡ",
        "in_section": "ኣብዚ ክፍሊ",
        "published": "ዝተዘርገሐሉ",
        "updated": "ገጽ ዝተሓደሰሉ",
        "languages": "ቋንቋታት",
        "contact": "ርኸቡና",
        "accessibility": "መግለጺ ተበጻሕነት",
        "privacy": "ውልቃዊ ሓበሬታ",
        "cookies": "ኩኪታት",
        "eu_flag": "ባንዴራ ሕብረት ኤውሮጳ",
        "eu_cofunded": "ብሓባር ብሕብረት ኤውሮጳ ዝተመወለ",
        "search_title": "ኣብ መርበብ ሓበሬታ ድለዩ",
        "search_label": "እንታይ ትደልዩ ኣለኹም?",
        "search_empty": "ክትደልይዎ ዝደለኹምዎ ሓደ ወይ ዝያዳ ቃላት ጽሓፉ።",
        "search_busy": "ይድለ ኣሎ …",
        "search_hits": "ን“{query}” {count} ውጽኢት ተረኺቡ።",
        "search_none": "ን“{query}” ዝኾነ ውጽኢት ኣይተረኽበን። ካልእ ቃል ፈትኑ።",
        "search_failed": "ምድላይ ሕጂ ኣይሰርሕን ዘሎ። ዝርዝር ተጠቐሙ ወይ ርኸቡና።",
        "search_needs_js": (
            "ምድላይ ዝሰርሕ JavaScript ምስ ተኸፍተ ጥራይ እዩ። ኩሉ ገጻት ኣብቲ ላዕለዋይ ዝርዝር ክትረኽብዎ ትኽእሉ ኢኹም።"
        ),
        "search_description": "ኣብ ገጻት ድለዩ:",
    },
}


def ui_text(code: str) -> dict[str, str]:
    """The frame's words in a language, with Swedish for any it does not have."""
    return {**UI_TEXT["sv"], **UI_TEXT.get(code, {})}
